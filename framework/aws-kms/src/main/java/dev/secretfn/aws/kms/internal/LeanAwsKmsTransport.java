package dev.secretfn.aws.kms.internal;

import dev.secretfn.Environment;
import dev.secretfn.Step;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsEndpoints;
import dev.secretfn.aws.internal.AwsErrors;
import dev.secretfn.aws.internal.AwsJsonProtocol;
import dev.secretfn.aws.internal.AwsModule;
import dev.secretfn.aws.internal.AwsRequestSigner;
import dev.secretfn.aws.internal.AwsServiceError;
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
import java.util.TreeMap;

/**
 * AWS KMS {@code Decrypt} as its documented AWS JSON 1.1 API: {@code POST /} with {@code X-Amz-Target:
 * TrentService.Decrypt} and a JSON body, signed with the SDK's SigV4 signer, over {@link HttpExchange}. The
 * endpoint follows {@link AwsEndpoints}; its override is read once, when the transport is built on first use.
 */
final class LeanAwsKmsTransport implements AwsKmsTransport {
  static final String TARGET = "TrentService.Decrypt";
  static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final String SIGNING_NAME = "kms";
  /** A Decrypt answer carries at most 4096 bytes of plaintext, base64 in JSON; an error answer less. */
  private static final int MAX_ANSWER = 64 * 1024;
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private final Environment environment;
  private final Optional<AwsEndpoints.Explicit> override;
  private final AwsRequestSigner signer;

  LeanAwsKmsTransport(Environment environment, Optional<AwsEndpoints.Explicit> override, AwsRequestSigner signer) {
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
  static LeanAwsKmsTransport create(AwsConfig config) {
    Optional<AwsEndpoints.Explicit> override = AwsEndpoints.override(
        config.kmsEndpoint(), "secretfn's AWS KMS emulator setting", config.environment(), "KMS");
    boolean emulator = override.map(AwsEndpoints.Explicit::emulator).orElse(false);
    override.ifPresent(o -> LOG.log(emulator ? Level.WARNING : Level.INFO, emulator
        ? "secretfn: AWS KMS endpoint overridden to " + o.uri() + " (local emulator; dummy credentials)"
        : "secretfn: AWS KMS endpoint set to " + o.uri() + " by " + o.setting()));
    return new LeanAwsKmsTransport(
        config.environment(), override, new AwsRequestSigner(AwsModule.credentials(config, emulator)));
  }

  @Override
  public byte[] decrypt(Decrypt call) throws SourceException, InterruptedException {
    URI uri = endpoint(call.region());
    byte[] body = body(call);
    Map<String, String> headers = signer.sign("POST", uri, headers(), body, SIGNING_NAME, call.region());
    HttpExchange.Response answer = send(uri, headers, body, call);
    try {
      if (answer.status() / 100 != 2) {
        AwsServiceError error = AwsServiceError.of(answer);
        throw AwsErrors.kms(error.code(), answer.status(), call.key(), call.describeContext(), error);
      }
      return plaintext(answer, call);
    } finally {
      answer.wipe();
    }
  }

  /**
   * Signs a dummy Decrypt with throwaway credentials (never sent), then sends the same request unsigned: KMS
   * refuses it, and its answer takes the error path. Loads the signer, the JSON code, HttpURLConnection and
   * TLS, and carries neither a secret nor anything of the function's credentials.
   */
  @Override
  public void prime(Duration timeout) throws InterruptedException {
    Optional<String> region = environment.get(AwsConfig.REGION_VARIABLE);
    if (region.isEmpty()) {
      return; // nowhere to send it; the first fetch fails on the region anyway
    }
    try {
      Decrypt dummy = new Decrypt(AwsEndpoints.requireRegion(region.get(), AwsConfig.REGION_VARIABLE),
          Optional.empty(), new byte[32], Map.of("secretfn", "priming"), timeout);
      URI uri = endpoint(dummy.region());
      byte[] body = body(dummy);
      AwsRequestSigner.forPriming().sign("POST", uri, headers(), body, SIGNING_NAME, dummy.region());
      HttpExchange.Response answer = send(uri, headers(), body, dummy);
      try {
        AwsErrors.kms(AwsServiceError.of(answer).code(), answer.status(), dummy.key(), dummy.describeContext(),
            null);
      } finally {
        answer.wipe();
      }
    } catch (SourceException | RuntimeException e) {
      LOG.log(Level.DEBUG, "secretfn: priming AWS KMS ended with " + e.getClass().getSimpleName());
    }
  }

  @Override
  public String toString() {
    return "LeanAwsKmsTransport[" + override.map(Object::toString).orElse("regional endpoints") + "]";
  }

  /** The override, else the regional endpoint; with the path {@code /} of every AWS JSON call. */
  URI endpoint(String region) throws SourceException {
    return AwsJsonProtocol.endpoint(override, environment, SIGNING_NAME, region);
  }

  private static Map<String, String> headers() {
    return AwsJsonProtocol.headers(CONTENT_TYPE, TARGET);
  }

  private static HttpExchange.Response send(URI uri, Map<String, String> signed, byte[] body, Decrypt call)
      throws SourceException, InterruptedException {
    try {
      return AwsJsonProtocol.post(uri, signed, body, call.timeout(), MAX_ANSWER);
    } catch (IOException e) {
      throw AwsErrors.transport(e, call.key(), Step.DECRYPT);
    }
  }

  /** {@code {"CiphertextBlob":...,"EncryptionContext":{...},"KeyId":...}}; an empty context is left out. */
  static byte[] body(Decrypt call) {
    StringBuilder json = new StringBuilder(64 + call.ciphertext().length * 4 / 3)
        .append("{\"CiphertextBlob\":\"").append(Base64.getEncoder().encodeToString(call.ciphertext())).append('"');
    if (!call.context().isEmpty()) {
      json.append(",\"EncryptionContext\":{");
      String separator = "";
      for (Map.Entry<String, String> entry : new TreeMap<>(call.context()).entrySet()) {
        json.append(separator).append(JsonFields.quote(entry.getKey())).append(':')
            .append(JsonFields.quote(entry.getValue()));
        separator = ",";
      }
      json.append('}');
    }
    call.keyId().ifPresent(key -> json.append(",\"KeyId\":").append(JsonFields.quote(key)));
    return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The answer's {@code Plaintext}, decoded; the base64 text is wiped. */
  private static byte[] plaintext(HttpExchange.Response answer, Decrypt call) throws SourceException {
    byte[] base64;
    try {
      base64 = JsonFields.select(answer.body(), "Plaintext");
    } catch (JsonShapeException e) {
      throw unreadable(answer, call, e.getMessage());
    }
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      // The decoder's message quotes a character of the plaintext: not kept.
      throw unreadable(answer, call, "its Plaintext is not base64");
    } finally {
      Arrays.fill(base64, (byte) 0);
    }
  }

  /** A success answer that is not a Decrypt answer: damaged in transit, or not AWS KMS. */
  private static SourceException unreadable(HttpExchange.Response answer, Decrypt call, String why) {
    return SourceException.retryable(Step.DECRYPT, "AWS KMS answered " + answer.status() + " for " + call.key()
        + " with a body that is not a Decrypt answer (" + why + ")");
  }
}
