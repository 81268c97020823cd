package dev.secretfn.samples.gcf;

import com.google.cloud.functions.CloudEventsFunction;
import dev.secretfn.Secret;
import dev.secretfn.SecretVar;
import io.cloudevents.CloudEvent;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * For each shipment published to the topic, reads the forecast at its destination (weather API, API key) and
 * the open orders (orders API, database credentials), and logs both.
 */
final class ShipmentEventsHandler implements CloudEventsFunction {
  private static final Logger LOG = Logger.getLogger(ShipmentEventsHandler.class.getName());

  private final Upstream upstream;
  private final String authorization;
  private final String apiKey;

  @Inject
  ShipmentEventsHandler(Upstream upstream, @SecretVar("DB_USER") String dbUser, @SecretVar("DB_PASS") Secret dbPass,
      @SecretVar("API_KEY") Secret apiKey) {
    this.upstream = upstream;
    byte[] password = dbPass.revealBytes();
    byte[] user = (dbUser + ":").getBytes(StandardCharsets.UTF_8);
    byte[] credentials = Arrays.copyOf(user, user.length + password.length);
    System.arraycopy(password, 0, credentials, user.length, password.length);
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(credentials);
    Arrays.fill(password, (byte) 0);
    Arrays.fill(credentials, (byte) 0);
    this.apiKey = apiKey.revealString(); // a header value must be a String; decode once, not per event
  }

  /**
   * Handles one event. A message that holds no shipment is logged and acknowledged (a redelivery would not
   * change it); an upstream failure throws, so that the invoker answers 500 and Pub/Sub redelivers the message.
   */
  @Override
  public void accept(CloudEvent event) throws Exception {
    Optional<Shipment> parsed = Shipment.from(event);
    if (parsed.isEmpty()) {
      LOG.warning(() -> "event " + event.getId() + " (" + event.getType() + ") holds no shipment: acknowledged"
          + " without processing");
      return;
    }
    Shipment shipment = parsed.get();
    var forecast = upstream.get("weather?city=" + URLEncoder.encode(shipment.city, StandardCharsets.UTF_8),
        Map.of("X-Api-Key", apiKey));
    var orders = upstream.get("orders?status=open", Map.of("Authorization", authorization));
    if (forecast.statusCode() != 200 || orders.statusCode() != 200) {
      throw new IllegalStateException(shipment + ": the weather API answered " + forecast.statusCode()
          + ", the orders API " + orders.statusCode());
    }
    LOG.info(() -> shipment + ": forecast " + forecast.body() + ", orders " + orders.body());
  }
}
