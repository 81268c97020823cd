package dev.secretfn.aws.secretsmanager.client;

import dev.secretfn.Environment;
import dev.secretfn.Step;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsEndpoints;
import dev.secretfn.aws.internal.AwsErrors;
import dev.secretfn.aws.internal.AwsModule;
import dev.secretfn.aws.internal.AwsRequestSigner;
import dev.secretfn.aws.internal.AwsSdkClients;
import dev.secretfn.aws.secretsmanager.SecretsManagerSecret;
import dev.secretfn.aws.secretsmanager.internal.SecretsManagerErrors;
import dev.secretfn.aws.secretsmanager.internal.SecretsManagerTransport;
import dev.secretfn.spi.SourceException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * AWS Secrets Manager {@code GetSecretValue} through the SDK's {@link SecretsManagerClient}: one client per region,
 * each built once, on the first call for its region. The endpoint override is {@link AwsEndpoints}'s, as on the
 * lean transport; without one the SDK's own endpoint rules apply, with FIPS and dual-stack from the function's
 * environment. The SDK's exceptions become the same {@link SourceException}s as the lean transport's answers
 * ({@link SecretsManagerErrors}, {@link AwsErrors#transport}). Thread-safe; {@link #close()} closes the clients.
 *
 * <p>The SDK hands {@code SecretString} over as a {@code String}, which cannot be wiped; the bytes this class makes
 * of it are the caller's to wipe, as on the lean transport. The SDK's response redacts both values in its {@code
 * toString}.
 */
final class SdkSecretsManagerTransport implements SecretsManagerTransport, AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");
  /** The service's part of {@code AWS_ENDPOINT_URL_<SERVICE>}, as on the lean transport. */
  private static final String SERVICE_ID = "SECRETS_MANAGER";

  private final Environment environment;
  private final Duration deadline;
  private final Optional<AwsEndpoints.Explicit> override;
  private final AwsCredentialsProvider credentials;
  private final Map<String, SecretsManagerClient> clients = new ConcurrentHashMap<>();

  private SdkSecretsManagerTransport(AwsConfig config, Optional<AwsEndpoints.Explicit> override) {
    this.environment = config.environment();
    this.deadline = config.deadline();
    this.override = override;
    this.credentials = AwsModule.credentials(config, override.map(AwsEndpoints.Explicit::emulator).orElse(false));
  }

  /**
   * The transport for {@code config}; builds no client yet.
   *
   * @throws IllegalStateException when an endpoint variable is malformed
   */
  static SdkSecretsManagerTransport create(AwsConfig config) {
    return new SdkSecretsManagerTransport(config, AwsEndpoints.override(config.secretsManagerEndpoint(),
        "secretfn's AWS Secrets Manager emulator setting", config.environment(), SERVICE_ID));
  }

  @Override
  public byte[] getSecretValue(GetSecretValue call) throws SourceException, InterruptedException {
    SecretsManagerClient client;
    try {
      client = clients.computeIfAbsent(call.region(), this::build);
    } catch (IllegalStateException e) {
      throw SourceException.permanent(Step.SOURCE_SETUP, e.getMessage()).withCause(e);
    }
    SecretsManagerSecret secret = call.secret();
    GetSecretValueRequest.Builder request = GetSecretValueRequest.builder()
        .secretId(secret.secretId())
        .overrideConfiguration(AwsRequestOverrideConfiguration.builder().apiCallTimeout(call.timeout()).build());
    secret.versionId().ifPresent(request::versionId);
    secret.versionStage().ifPresent(request::versionStage);
    AwsRequestSigner.resolve(credentials); // no credentials: the same set-up failure as on the lean transport
    GetSecretValueResponse answer;
    try {
      answer = client.getSecretValue(request.build());
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? "" : Objects.toString(e.awsErrorDetails().errorCode(), "");
      String awsMessage = e.awsErrorDetails() == null ? "" : Objects.toString(e.awsErrorDetails().errorMessage(), "");
      throw SecretsManagerErrors.of(code, e.statusCode(), awsMessage, call.describe(), call.region(), e);
    } catch (SdkClientException e) {
      throw failure(e, call.describe());
    }
    return value(answer, call);
  }

  /** {@code SecretString} as UTF-8, else {@code SecretBinary}'s bytes, under the size limit. */
  private static byte[] value(GetSecretValueResponse answer, GetSecretValue call) throws SourceException {
    byte[] value;
    if (answer.secretString() != null) {
      value = answer.secretString().getBytes(StandardCharsets.UTF_8);
    } else if (answer.secretBinary() != null) {
      value = answer.secretBinary().asByteArrayUnsafe(); // the SDK's own copy: the caller wipes it
    } else {
      // The lean transport's words for the same answer (JsonFields on a body without either member).
      throw SecretsManagerErrors.notAnAnswer(answer.sdkHttpResponse().statusCode(), call.describe(),
          "neither a string SecretString nor a SecretBinary: the JSON object has no field 'SecretBinary'");
    }
    if (value.length > call.maxBytes()) {
      Arrays.fill(value, (byte) 0);
      throw SecretsManagerErrors.tooLarge(call.describe(), call.maxBytes());
    }
    return value;
  }

  /** Closes the clients built so far. */
  @Override
  public void close() {
    clients.values().forEach(SecretsManagerClient::close);
  }

  @Override
  public String toString() {
    return "SdkSecretsManagerTransport[" + override.map(Object::toString).orElse("the SDK's endpoints") + ", "
        + clients.keySet() + "]";
  }

  private SecretsManagerClient build(String region) {
    override.ifPresent(o -> LOG.log(o.emulator() ? Level.WARNING : Level.INFO, o.emulator()
        ? "secretfn: AWS Secrets Manager endpoint overridden to " + o.uri() + " (local emulator; dummy credentials)"
        : "secretfn: AWS Secrets Manager endpoint set to " + o.uri() + " by " + o.setting()));
    return AwsSdkClients.configure(SecretsManagerClient.builder(), region, deadline, credentials,
        override.map(AwsEndpoints.Explicit::uri), environment).build();
  }



  /**
   * The SDK's client-side failure as the lean transport reports the same event: the {@link IOException} it
   * wraps when there is one (reset, refused, TLS, a cut answer), else the SDK's own classification (the call
   * timeout).
   *
   * <p>A failure to read a success answer (the JSON parser's, or the base64 decoder's for {@code SecretBinary})
   * is reported without its cause: those messages quote the answer, which holds the secret.
   */
  private static SourceException failure(SdkClientException e, String secret) throws InterruptedException {
    if (!(e instanceof ApiCallTimeoutException) && !Thread.currentThread().isInterrupted()) {
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        if (AwsSdkClients.unreadable(t)) {
          return AwsErrors.transport(new IOException("unreadable answer"), secret, Step.FETCH);
        }
        boolean interruption = t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException);
        if (t instanceof IOException && !interruption) {
          return AwsErrors.transport((IOException) t, secret, Step.FETCH);
        }
        if (t instanceof IllegalArgumentException) {
          return SourceException.retryable(Step.FETCH, "calling AWS for " + secret + " failed: "
              + e.getClass().getSimpleName());
        }
      }
    }
    return AwsErrors.client(e, secret, Step.FETCH);
  }
}
