package dev.secretfn.samples.gcf;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.secretfn.Secret;
import dev.secretfn.SecretVar;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Forecasts the weather for {@code ?city=} through a weather API that requires an API key. */
final class WeatherHandler implements HttpFunction {
  private final Upstream upstream;
  private final String apiKey;

  @Inject
  WeatherHandler(Upstream upstream, @SecretVar("API_KEY") Secret apiKey) {
    this.upstream = upstream;
    this.apiKey = apiKey.revealString(); // a header value must be a String; decode once, not per request
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    String city = request.getFirstQueryParameter("city").orElse("Zurich");
    var answer = upstream.get("weather?city=" + URLEncoder.encode(city, StandardCharsets.UTF_8),
        Map.of("X-Api-Key", apiKey));
    response.setContentType("application/json");
    if (answer.statusCode() != 200) {
      response.setStatusCode(502, "Bad Gateway");
      response.getWriter().write("{\"error\":\"the weather API answered " + answer.statusCode() + "\"}");
      return;
    }
    response.getWriter().write(answer.body());
  }
}
