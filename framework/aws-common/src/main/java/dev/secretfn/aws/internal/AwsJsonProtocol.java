package dev.secretfn.aws.internal;

import dev.secretfn.Environment;
import dev.secretfn.Step;
import dev.secretfn.internal.HttpExchange;
import dev.secretfn.spi.SourceException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Not an API: the request side of the AWS JSON 1.1 protocol that every lean AWS store speaks (KMS, Secrets
 * Manager, SSM): the endpoint, the two headers to sign, and the POST. Each store builds its own body, signs, and
 * classifies failures with its own resource names.
 */
public final class AwsJsonProtocol {
  private AwsJsonProtocol() {}

  /** The override, else {@code service}'s regional endpoint; with the path {@code /} of every AWS JSON call. */
  public static URI endpoint(Optional<AwsEndpoints.Explicit> override, Environment environment, String service,
      String region) throws SourceException {
    try {
      URI base = override.map(AwsEndpoints.Explicit::uri)
          .orElseGet(() -> AwsEndpoints.regional(environment, service, region));
      return URI.create(base + "/");
    } catch (IllegalStateException e) {
      throw SourceException.permanent(Step.SOURCE_SETUP, e.getMessage()).withCause(e);
    }
  }

  /** The headers to sign for one operation, e.g. {@code TrentService.Decrypt}. */
  public static Map<String, String> headers(String contentType, String target) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", contentType);
    headers.put("X-Amz-Target", target);
    return headers;
  }

  /** POSTs {@code body} with the signed headers; an I/O failure is the caller's to classify. */
  public static HttpExchange.Response post(URI uri, Map<String, String> signed, byte[] body, Duration timeout,
      int maxAnswer) throws IOException, InterruptedException {
    Map<String, String> headers = new LinkedHashMap<>(signed);
    headers.remove("Host"); // HttpURLConnection sends the same Host itself, and ignores one set by hand
    return HttpExchange.exchange("POST", uri, headers, body, timeout, maxAnswer);
  }
}
