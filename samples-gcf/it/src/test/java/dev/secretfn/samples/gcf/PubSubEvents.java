package dev.secretfn.samples.gcf;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The HTTP requests by which Eventarc delivers a Pub/Sub message to a CloudEvents function: the CloudEvent {@code
 * google.cloud.pubsub.topic.v1.messagePublished}, whose data is the push envelope {@code
 * {"message":{"data":BASE64,"messageId":...,"publishTime":...},"subscription":...}}, in binary content mode (the
 * attributes as {@code ce-*} headers, the data as the body: what Eventarc sends) or in structured mode (the whole
 * event as {@code application/cloudevents+json}).
 */
final class PubSubEvents {
  static final String TYPE = "google.cloud.pubsub.topic.v1.messagePublished";
  static final String SOURCE = "//pubsub.googleapis.com/projects/" + SecretManagerDeployment.PROJECT
      + "/topics/shipments";
  private static final String TIME = "2026-11-24T09:30:00.000Z";

  private PubSubEvents() {}

  /** A shipment message, as the publisher writes it. */
  static String shipment(String id, String city) {
    return "{\"shipment\":\"" + id + "\",\"city\":\"" + city + "\"}";
  }

  /** Binary mode: {@code ce-*} headers and the envelope as an {@code application/json} body. */
  static HttpRequest binary(URI function, String eventId, String message) {
    HttpRequest.Builder request = HttpRequest.newBuilder(function).POST(body(envelope(eventId, message)));
    binaryHeaders(eventId).forEach(request::header);
    return request.build();
  }

  /** Structured mode: the event with the envelope as its data, one {@code application/cloudevents+json} body. */
  static HttpRequest structured(URI function, String eventId, String message) {
    return HttpRequest.newBuilder(function)
        .header("Content-Type", "application/cloudevents+json")
        .POST(body(structuredBody(eventId, message)))
        .build();
  }

  /** A curl command that sends {@link #binary}: what the local launcher prints. */
  static String binaryCurl(URI function, String eventId, String message) {
    String headers = binaryHeaders(eventId).entrySet().stream()
        .map(h -> "-H '" + h.getKey() + ": " + h.getValue() + "'")
        .collect(Collectors.joining(" \\\n      "));
    return "curl -s -X POST '" + function + "' \\\n      " + headers + " \\\n      -d '"
        + envelope(eventId, message) + "' -w '%{http_code}\\n'";
  }

  static Map<String, String> binaryHeaders(String eventId) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("ce-specversion", "1.0");
    headers.put("ce-id", eventId);
    headers.put("ce-source", SOURCE);
    headers.put("ce-type", TYPE);
    headers.put("ce-time", TIME);
    headers.put("Content-Type", "application/json");
    return headers;
  }

  static String envelope(String eventId, String message) {
    String data = Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8));
    return "{\"message\":{\"data\":\"" + data + "\",\"messageId\":\"" + eventId + "\",\"publishTime\":\"" + TIME
        + "\"},\"subscription\":\"projects/" + SecretManagerDeployment.PROJECT
        + "/subscriptions/eventarc-shipments\"}";
  }

  private static String structuredBody(String eventId, String message) {
    return "{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\",\"source\":\"" + SOURCE + "\",\"type\":\"" + TYPE
        + "\",\"time\":\"" + TIME + "\",\"datacontenttype\":\"application/json\",\"data\":"
        + envelope(eventId, message) + "}";
  }

  private static HttpRequest.BodyPublisher body(String json) {
    return HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8);
  }
}
