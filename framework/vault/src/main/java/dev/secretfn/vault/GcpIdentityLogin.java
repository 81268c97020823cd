package dev.secretfn.vault;

import dev.secretfn.internal.HttpExchange;
import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.internal.JsonFields;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Vault's gcp auth method with the function's own identity: a Google-signed identity token from the metadata
 * server, for audience {@code http://vault/ROLE} (the audience Vault checks), in {@code format=full}. Plain
 * HTTP to the metadata server, as Google's libraries do; no library needed.
 */
final class GcpIdentityLogin implements VaultLogin {
  @Inject
  GcpIdentityLogin() {}

  @Override
  public String method() {
    return "gcp";
  }

  @Override
  public Secret loginBody(VaultLoginContext context) throws SourceException, InterruptedException {
    String audience = "http://vault/" + context.role();
    URI uri = URI.create("http://" + context.metadataHost
        + "/computeMetadata/v1/instance/service-accounts/default/identity?audience="
        + URLEncoder.encode(audience, StandardCharsets.UTF_8) + "&format=full");
    HttpExchange.Response response;
    try {
      response = HttpExchange.exchange("GET", uri, Map.of("Metadata-Flavor", "Google"), null, context.remaining(),
          VaultClient.MAX_BODY);
    } catch (IOException e) {
      throw SourceException.retryable(Step.FETCH, "getting an identity token from the metadata server "
          + context.metadataHost + " failed: " + e.getClass().getSimpleName()).withCause(e)
          .withHint("run on Google Cloud (Cloud Functions, Cloud Run, GCE), or set " + VaultSettings.METADATA_HOST);
    }
    try {
      if (response.status() != 200) {
        SourceException e = SourceException.permanent(Step.FETCH, "the metadata server " + context.metadataHost
            + " answered " + response.status() + " for an identity token (audience " + audience + ")");
        throw response.status() >= 500 || response.status() == 429
            ? SourceException.retryable(Step.FETCH, e.getMessage())
            : e.withHint("the function needs a service account (it has one by default on Cloud Functions)");
      }
      byte[] jwt = response.body();
      int n = jwt.length;
      while (n > 0 && (jwt[n - 1] == '\n' || jwt[n - 1] == '\r')) {
        n--;
      }
      byte[] prefix = ("{\"role\":" + JsonFields.quote(context.role()) + ",\"jwt\":\"").getBytes(StandardCharsets.UTF_8);
      byte[] body = new byte[prefix.length + n + 2];
      System.arraycopy(prefix, 0, body, 0, prefix.length);
      for (int i = 0; i < n; i++) {
        byte b = jwt[i];
        // A JWS compact serialization is base64url and dots; anything else would break the JSON.
        if (!(b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' || b == '_' || b == '.')) {
          Arrays.fill(body, (byte) 0);
          throw SourceException.permanent(Step.FETCH, "the metadata server " + context.metadataHost
              + " answered something that is not an identity token");
        }
        body[prefix.length + i] = b;
      }
      body[body.length - 2] = '"';
      body[body.length - 1] = '}';
      try {
        return Secret.copyOf(body);
      } finally {
        Arrays.fill(body, (byte) 0);
      }
    } finally {
      response.wipe();
    }
  }

  @Override
  public String toString() {
    return "GcpIdentityLogin";
  }
}
