package dev.secretfn.samples.gcf;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A shipment announced on the Pub/Sub topic: the CloudEvent {@code google.cloud.pubsub.topic.v1.messagePublished}
 * whose data is {@code {"message":{"data":BASE64,...},"subscription":...}} and whose message is {@code
 * {"shipment":"SHP-1042","city":"Bern"}}.
 */
final class Shipment {
  static final String MESSAGE_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";
  // Both values reach a URL and a log line: keep them to what a shipment id and a city name hold.
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,32}");
  private static final Pattern CITY = Pattern.compile("[\\p{L} .'-]{1,64}");

  final String id;
  final String city;

  private Shipment(String id, String city) {
    this.id = id;
    this.city = city;
  }

  /** The shipment the event announces, or empty if it is not a Pub/Sub message holding one. */
  static Optional<Shipment> from(CloudEvent event) {
    if (!MESSAGE_PUBLISHED.equals(event.getType()) || event.getData() == null) {
      return Optional.empty();
    }
    try {
      JsonObject message = object(JsonParser.parseString(utf8(event.getData().toBytes())), "message");
      byte[] data = Base64.getDecoder().decode(string(message, "data"));
      JsonObject shipment = JsonParser.parseString(utf8(data)).getAsJsonObject();
      String id = string(shipment, "shipment");
      String city = string(shipment, "city");
      return ID.matcher(id).matches() && CITY.matcher(city).matches()
          ? Optional.of(new Shipment(id, city)) : Optional.empty();
    } catch (JsonParseException | IllegalStateException | IllegalArgumentException | UnsupportedOperationException e) {
      return Optional.empty(); // not JSON, not an object, not base64, a member of the wrong kind
    }
  }

  private static JsonObject object(JsonElement element, String member) {
    JsonElement value = element.getAsJsonObject().get(member);
    if (value == null) {
      throw new IllegalStateException("no " + member);
    }
    return value.getAsJsonObject();
  }

  private static String string(JsonObject object, String member) {
    JsonElement value = object.get(member);
    if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw new IllegalStateException("no string " + member);
    }
    return value.getAsString();
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "shipment " + id + " to " + city;
  }
}
