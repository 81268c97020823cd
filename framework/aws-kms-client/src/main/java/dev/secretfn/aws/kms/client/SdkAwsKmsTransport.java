package dev.secretfn.aws.kms.client;

import dev.secretfn.Environment;
import dev.secretfn.Step;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsEndpoints;
import dev.secretfn.aws.internal.AwsErrors;
import dev.secretfn.aws.internal.AwsModule;
import dev.secretfn.aws.internal.AwsRequestSigner;
import dev.secretfn.aws.internal.AwsSdkClients;
import dev.secretfn.aws.kms.internal.AwsKmsTransport;
import dev.secretfn.spi.SourceException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;

/**
 * AWS KMS {@code Decrypt} through the SDK's {@link KmsClient}: one client per region, built on first use. The
 * endpoint override is {@link AwsEndpoints}'s, as on the lean transport; without one the SDK's own endpoint
 * rules apply, with FIPS and dual-stack from the function's environment. The SDK's exceptions become the same
 * {@link SourceException}s as the lean transport's answers ({@link AwsErrors#kms}, {@link AwsErrors#transport}).
 */
final class SdkAwsKmsTransport implements AwsKmsTransport, AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private final Environment environment;
  private final Duration deadline;
  private final Optional<AwsEndpoints.Explicit> override;
  private final AwsCredentialsProvider credentials;
  private final Map<String, KmsClient> clients = new ConcurrentHashMap<>();

  private SdkAwsKmsTransport(AwsConfig config, Optional<AwsEndpoints.Explicit> override) {
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
  static SdkAwsKmsTransport create(AwsConfig config) {
    return new SdkAwsKmsTransport(config, AwsEndpoints.override(
        config.kmsEndpoint(), "secretfn's AWS KMS emulator setting", config.environment(), "KMS"));
  }

  @Override
  public byte[] decrypt(Decrypt call) throws SourceException, InterruptedException {
    KmsClient client;
    try {
      client = clients.computeIfAbsent(call.region(), this::build);
    } catch (IllegalStateException e) {
      throw SourceException.permanent(Step.SOURCE_SETUP, e.getMessage()).withCause(e);
    }
    DecryptRequest.Builder request = DecryptRequest.builder()
        .ciphertextBlob(SdkBytes.fromByteArray(call.ciphertext()))
        .encryptionContext(call.context())
        .overrideConfiguration(AwsRequestOverrideConfiguration.builder().apiCallTimeout(call.timeout()).build());
    call.keyId().ifPresent(request::keyId);
    AwsRequestSigner.resolve(credentials); // no credentials: the same set-up failure as on the lean transport
    try {
      return client.decrypt(request.build()).plaintext().asByteArrayUnsafe();
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
          ? "" : e.awsErrorDetails().errorCode();
      throw AwsErrors.kms(code, e.statusCode(), call.key(), call.describeContext(), e);
    } catch (SdkClientException e) {
      throw failure(e, call.key());
    }
  }

  /** Closes the clients built so far. */
  @Override
  public void close() {
    clients.values().forEach(KmsClient::close);
  }

  @Override
  public String toString() {
    return "SdkAwsKmsTransport[" + override.map(Object::toString).orElse("the SDK's endpoints") + ", "
        + clients.keySet() + "]";
  }

  private KmsClient build(String region) {
    override.ifPresent(o -> LOG.log(o.emulator() ? Level.WARNING : Level.INFO, o.emulator()
        ? "secretfn: AWS KMS endpoint overridden to " + o.uri() + " (local emulator; dummy credentials)"
        : "secretfn: AWS KMS endpoint set to " + o.uri() + " by " + o.setting()));
    return AwsSdkClients.configure(KmsClient.builder(), region, deadline, credentials,
        override.map(AwsEndpoints.Explicit::uri), environment).build();
  }



  /**
   * The SDK's client-side failure as the lean transport reports the same event: the {@link IOException} it
   * wraps when there is one (reset, refused, TLS), else the SDK's own classification (the call timeout).
   */
  static SourceException failure(SdkClientException e, String key) throws InterruptedException {
    if (!(e instanceof ApiCallTimeoutException) && !Thread.currentThread().isInterrupted()) {
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        boolean interruption = t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException);
        if (t instanceof IOException && !interruption) {
          IOException cause = AwsSdkClients.unreadable(t) ? new IOException("unreadable answer", t) : (IOException) t;
          return AwsErrors.transport(cause, key, Step.DECRYPT);
        }
      }
    }
    return AwsErrors.client(e, key, Step.DECRYPT);
  }
}
