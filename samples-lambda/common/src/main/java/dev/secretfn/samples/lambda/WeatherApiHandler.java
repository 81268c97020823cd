package dev.secretfn.samples.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.secretfn.Secret;
import dev.secretfn.SecretVar;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** GET /weather?city=...: a forecast through a weather API that requires an API key. */
final class WeatherApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  private final Upstream upstream;
  private final String apiKey;

  @Inject
  WeatherApiHandler(Upstream upstream, @SecretVar("API_KEY") Secret apiKey) {
    this.upstream = upstream;
    this.apiKey = apiKey.revealString(); // a header value must be a String; decode once, not per request
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
    String city = Optional.ofNullable(event.getQueryStringParameters())
        .map(q -> q.get("city"))
        .orElse("Zurich");
    try {
      var answer = upstream.get("weather?city=" + URLEncoder.encode(city, StandardCharsets.UTF_8),
          Map.of("X-Api-Key", apiKey));
      boolean ok = answer.statusCode() == 200;
      return new APIGatewayProxyResponseEvent()
          .withStatusCode(ok ? 200 : 502)
          .withHeaders(Map.of("Content-Type", "application/json"))
          .withBody(ok ? answer.body() : "{\"error\":\"the weather API answered " + answer.statusCode() + "\"}");
    } catch (IOException e) {
      throw new UncheckedIOException("the weather API is unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
