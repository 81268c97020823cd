package dev.secretfn.aws.secretsmanager.internal;

import dev.secretfn.Environment;
import dev.secretfn.Step;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsEndpoints;
import dev.secretfn.aws.internal.AwsErrors;
import dev.secretfn.aws.internal.AwsJsonProtocol;
import dev.secretfn.aws.internal.AwsModule;
import dev.secretfn.aws.internal.AwsRequestSigner;
import dev.secretfn.aws.internal.AwsServiceError;
import dev.secretfn.aws.secretsmanager.SecretsManagerSecret;
import dev.secretfn.internal.HttpExchange;
import dev.secretfn.internal.JsonFields;
import dev.secretfn.internal.JsonFields.JsonShapeException;
import dev.secretfn.spi.SourceException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * AWS Secrets Manager {@code GetSecretValue} as its documented AWS JSON 1.1 API: {@code POST /} with {@code
 * X-Amz-Target: secretsmanager.GetSecretValue} and a JSON body, SigV4-signed for {@code secretsmanager}, over
 * {@link HttpExchange}. The endpoint is {@link SecretsManagerEndpoints}'s ({@code AWS_ENDPOINT_URL_SECRETS_MANAGER},
 * else the regional one by the SDK's rules); its override is read once, when the transport is built on first use.
 * Thread-safe.
 */
final class LeanSecretsManagerTransport implements SecretsManagerTransport {
  static final String TARGET = "secretsmanager.GetSecretValue";
  static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  /** The signing name and endpoint prefix. */
  static final String SERVICE = SecretsManagerEndpoints.SIGNING_NAME;
  /** Room for the answer's other members (ARN, name, version, labels, date) and for an error answer. */
  private static final int ANSWER_ROOM = 16 * 1024;
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private final Environment environment;
  private final Optional<AwsEndpoints.Explicit> override;
  private final AwsRequestSigner signer;

  LeanSecretsManagerTransport(Environment environment, Optional<AwsEndpoints.Explicit> override,
      AwsRequestSigner signer) {
    this.environment = environment;
    this.override = override;
    this.signer = signer;
  }

  /**
   * The transport for {@code config}: its endpoint override, logged here, and the function's credentials, or the
   * fixed dummy ones for secretfn's emulator override.
   *
   * @throws IllegalStateException when an endpoint variable is malformed
   */
  static LeanSecretsManagerTransport create(AwsConfig config) {
    Optional<AwsEndpoints.Explicit> override = SecretsManagerEndpoints.override(config);
    boolean emulator = override.map(AwsEndpoints.Explicit::emulator).orElse(false);
    override.ifPresent(o -> LOG.log(emulator ? Level.WARNING : Level.INFO, emulator
        ? "secretfn: AWS Secrets Manager endpoint overridden to " + o.uri() + " (local emulator; dummy credentials)"
        : "secretfn: AWS Secrets Manager endpoint set to " + o.uri() + " by " + o.setting()));
    return new LeanSecretsManagerTransport(
        config.environment(), override, new AwsRequestSigner(AwsModule.credentials(config, emulator)));
  }

  @Override
  public byte[] getSecretValue(GetSecretValue call) throws SourceException, InterruptedException {
    URI uri = endpoint(call.region());
    byte[] body = body(call.secret());
    Map<String, String> headers = signer.sign("POST", uri, headers(), body, SERVICE, call.region());
    // A SecretString of maxBytes may come JSON-escaped, up to 6 bytes per byte (\u0000).
    int maxAnswer = (int) Math.min(Integer.MAX_VALUE - 8, 6L * call.maxBytes() + ANSWER_ROOM);
    HttpExchange.Response answer = send(uri, headers, body, call.timeout(), maxAnswer, call.describe());
    try {
      if (answer.status() / 100 != 2) {
        AwsServiceError error = AwsServiceError.of(answer);
        throw SecretsManagerErrors.of(error.code(), answer.status(), error.getMessage(), call.describe(),
            call.region(), error);
      }
      return value(answer, call.describe(), call.maxBytes());
    } finally {
      answer.wipe();
    }
  }

  /**
   * Signs a dummy GetSecretValue with throwaway credentials (never sent), then sends the same request unsigned:
   * Secrets Manager refuses it, and its answer takes the error path. Loads the signer, the JSON code,
   * HttpURLConnection and TLS, and carries neither a secret nor anything of the function's credentials.
   */
  @Override
  public void prime(Duration timeout) throws InterruptedException {
    Optional<String> region = environment.get(AwsConfig.REGION_VARIABLE);
    if (region.isEmpty()) {
      return; // nowhere to send it; the first fetch names the region it calls anyway
    }
    try {
      String signingRegion = AwsEndpoints.requireRegion(region.get(), AwsConfig.REGION_VARIABLE);
      SecretsManagerSecret dummy = SecretsManagerSecret.of("secretfn-priming");
      URI uri = endpoint(signingRegion);
      byte[] body = body(dummy);
      AwsRequestSigner.forPriming().sign("POST", uri, headers(), body, SERVICE, signingRegion);
      HttpExchange.Response answer = send(uri, headers(), body, timeout, ANSWER_ROOM, dummy.describe());
      try {
        AwsServiceError error = AwsServiceError.of(answer);
        SecretsManagerErrors.of(error.code(), answer.status(), "", dummy.describe(), signingRegion, null);
      } finally {
        answer.wipe();
      }
    } catch (SourceException | RuntimeException e) {
      LOG.log(Level.DEBUG, "secretfn: priming AWS Secrets Manager ended with " + e.getClass().getSimpleName());
    }
  }

  @Override
  public String toString() {
    return "LeanSecretsManagerTransport[" + override.map(Object::toString).orElse("regional endpoints") + "]";
  }

  /** The override, else the regional endpoint; with the path {@code /} of every AWS JSON call. */
  URI endpoint(String region) throws SourceException {
    return SecretsManagerEndpoints.endpoint(override, environment, region);
  }

  private static Map<String, String> headers() {
    return AwsJsonProtocol.headers(CONTENT_TYPE, TARGET);
  }

  private static HttpExchange.Response send(URI uri, Map<String, String> signed, byte[] body, Duration timeout,
      int maxAnswer, String secret) throws SourceException, InterruptedException {
    try {
      return AwsJsonProtocol.post(uri, signed, body, timeout, maxAnswer);
    } catch (IOException e) {
      throw AwsErrors.transport(e, secret, Step.FETCH);
    }
  }

  /** {@code {"SecretId":...}}, then {@code "VersionId"} or {@code "VersionStage"} when the reference names one. */
  static byte[] body(SecretsManagerSecret secret) {
    StringBuilder json = new StringBuilder(96).append("{\"SecretId\":").append(JsonFields.quote(secret.secretId()));
    secret.versionId().ifPresent(v -> json.append(",\"VersionId\":").append(JsonFields.quote(v)));
    secret.versionStage().ifPresent(s -> json.append(",\"VersionStage\":").append(JsonFields.quote(s)));
    return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code SecretString} as UTF-8, else {@code SecretBinary} decoded, under the size limit. */
  private static byte[] value(HttpExchange.Response answer, String secret, int maxBytes) throws SourceException {
    byte[] value;
    try {
      value = JsonFields.select(answer.body(), "SecretString");
    } catch (JsonShapeException notText) {
      value = binary(answer, secret);
    }
    if (value.length > maxBytes) {
      Arrays.fill(value, (byte) 0);
      throw SecretsManagerErrors.tooLarge(secret, maxBytes);
    }
    return value;
  }

  private static byte[] binary(HttpExchange.Response answer, String secret) throws SourceException {
    byte[] base64;
    try {
      base64 = JsonFields.select(answer.body(), "SecretBinary");
    } catch (JsonShapeException e) {
      throw unreadable(answer, secret, "neither a string SecretString nor a SecretBinary: " + e.getMessage());
    }
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      // The decoder's message quotes a character of the secret: not kept.
      throw unreadable(answer, secret, "its SecretBinary is not base64");
    } finally {
      Arrays.fill(base64, (byte) 0);
    }
  }

  /** A success answer that is not a GetSecretValue answer: damaged in transit, or not Secrets Manager. */
  private static SourceException unreadable(HttpExchange.Response answer, String secret, String why) {
    return SecretsManagerErrors.notAnAnswer(answer.status(), secret, why);
  }
}
