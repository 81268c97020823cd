package dev.secretfn.aws.ssm.client;

import dev.secretfn.Environment;
import dev.secretfn.Step;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsEndpoints;
import dev.secretfn.aws.internal.AwsErrors;
import dev.secretfn.aws.internal.AwsModule;
import dev.secretfn.aws.internal.AwsRequestSigner;
import dev.secretfn.aws.internal.AwsSdkClients;
import dev.secretfn.aws.ssm.internal.GetParametersAnswer;
import dev.secretfn.aws.ssm.internal.SsmEndpoints;
import dev.secretfn.aws.ssm.internal.SsmErrors;
import dev.secretfn.aws.ssm.internal.SsmTransport;
import dev.secretfn.spi.SourceException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * SSM {@code GetParameters} through the SDK's {@link SsmClient}: one client per region, built on first use, once.
 * The endpoint override is {@link SsmEndpoints}'s, as on the lean transport; without one the SDK's own endpoint
 * rules apply, with FIPS and dual-stack from the function's environment. The answer becomes the same {@link
 * GetParametersAnswer} the lean transport reads, so the source batches identically; the SDK's exceptions become the
 * same {@link SourceException}s as the lean transport's answers ({@link SsmErrors#of}, {@link AwsErrors#transport}).
 */
final class SdkSsmTransport implements SsmTransport, AutoCloseable {
  private final Environment environment;
  private final Duration deadline;
  private final Optional<AwsEndpoints.Explicit> override;
  private final AwsCredentialsProvider credentials;
  private final Map<String, SsmClient> clients = new ConcurrentHashMap<>();

  private SdkSsmTransport(AwsConfig config, Optional<AwsEndpoints.Explicit> override) {
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
  static SdkSsmTransport create(AwsConfig config) {
    return new SdkSsmTransport(config, SsmEndpoints.override(config));
  }

  @Override
  public GetParametersAnswer getParameters(String region, List<String> selectors, Duration timeout)
      throws SourceException, InterruptedException {
    SsmClient client;
    try {
      client = clients.computeIfAbsent(region, this::build);
    } catch (IllegalStateException e) {
      throw SourceException.permanent(Step.SOURCE_SETUP, e.getMessage()).withCause(e);
    }
    GetParametersRequest request = GetParametersRequest.builder()
        .names(selectors)
        .withDecryption(true)
        .overrideConfiguration(AwsRequestOverrideConfiguration.builder().apiCallTimeout(timeout).build())
        .build();
    AwsRequestSigner.resolve(credentials); // no credentials: the same set-up failure as on the lean transport
    GetParametersResponse response;
    try {
      response = client.getParameters(request);
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
          ? "" : e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
          ? "" : e.awsErrorDetails().errorMessage();
      throw SsmErrors.of(code, e.statusCode(), message, selectors, region, e);
    } catch (SdkClientException e) {
      throw failure(e, SsmErrors.resource(selectors));
    }
    return answer(response, selectors);
  }

  /**
   * The SDK's answer as the lean transport reads it: each parameter under the selector it was asked by, the first
   * answer for a selector kept and anything not asked dropped. The SDK holds the values as {@link String}s, which
   * cannot be wiped; the bytes taken from them are the caller's to wipe.
   */
  static GetParametersAnswer answer(GetParametersResponse response, List<String> selectors) {
    Map<String, byte[]> values = new HashMap<>();
    for (Parameter parameter : response.parameters()) {
      String key = GetParametersAnswer.selectorOf(parameter.name(), parameter.selector());
      if (!selectors.contains(key) || values.containsKey(key) || parameter.value() == null) {
        continue;
      }
      values.put(key, parameter.value().getBytes(StandardCharsets.UTF_8));
    }
    Set<String> invalid = new HashSet<>(response.invalidParameters());
    try {
      return GetParametersAnswer.of(values, invalid);
    } catch (RuntimeException e) {
      values.values().forEach(v -> Arrays.fill(v, (byte) 0));
      throw e;
    }
  }

  /** Closes the clients built so far. */
  @Override
  public void close() {
    clients.values().forEach(SsmClient::close);
  }

  @Override
  public String toString() {
    return "SdkSsmTransport[" + override.map(Object::toString).orElse("the SDK's endpoints") + ", "
        + clients.keySet() + "]";
  }

  private SsmClient build(String region) {
    override.ifPresent(SsmEndpoints::log);
    return AwsSdkClients.configure(SsmClient.builder(), region, deadline, credentials,
        override.map(AwsEndpoints.Explicit::uri), environment).build();
  }



  /**
   * The SDK's client-side failure as the lean transport reports the same event: the {@link IOException} it
   * wraps when there is one (reset, refused, TLS), else the SDK's own classification (the call timeout).
   */
  static SourceException failure(SdkClientException e, String resource) throws InterruptedException {
    if (!(e instanceof ApiCallTimeoutException) && !Thread.currentThread().isInterrupted()) {
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        boolean interruption = t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException);
        if (t instanceof IOException && !interruption) {
          IOException cause = AwsSdkClients.unreadable(t) ? new IOException("unreadable answer", t) : (IOException) t;
          return AwsErrors.transport(cause, resource, Step.FETCH);
        }
      }
    }
    return AwsErrors.client(e, resource, Step.FETCH);
  }
}
