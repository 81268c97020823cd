package dev.secretfn.aws.ssm.internal;

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
import dev.secretfn.spi.SourceException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SSM {@code GetParameters} as its documented AWS JSON 1.1 API: {@code POST /} with {@code X-Amz-Target:
 * AmazonSSM.GetParameters} and {@code {"Names": [...], "WithDecryption": true}}, signed with the project's SigV4
 * signer, over {@link HttpExchange}. The endpoint follows {@link AwsEndpoints}; its override is read once, when the
 * transport is built on first use.
 */
final class LeanSsmTransport implements SsmTransport {
  static final String TARGET = "AmazonSSM.GetParameters";
  static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final String SIGNING_NAME = SsmEndpoints.SIGNING_NAME;
  /** Ten values of at most 8 KB (advanced tier), escaped in JSON, with their metadata. */
  private static final int MAX_ANSWER = 1024 * 1024;
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private final Environment environment;
  private final Optional<AwsEndpoints.Explicit> override;
  private final AwsRequestSigner signer;

  LeanSsmTransport(Environment environment, Optional<AwsEndpoints.Explicit> override, AwsRequestSigner signer) {
    this.environment = environment;
    this.override = override;
    this.signer = signer;
  }

  /**
   * The transport for {@code config}: its endpoint override ({@link SsmEndpoints#override}), logged here, and the
   * function's credentials, or the fixed dummy ones for secretfn's emulator override.
   *
   * @throws IllegalStateException when an endpoint variable is malformed
   */
  static LeanSsmTransport create(AwsConfig config) {
    Optional<AwsEndpoints.Explicit> override = SsmEndpoints.override(config);
    boolean emulator = override.map(AwsEndpoints.Explicit::emulator).orElse(false);
    override.ifPresent(SsmEndpoints::log);
    return new LeanSsmTransport(
        config.environment(), override, new AwsRequestSigner(AwsModule.credentials(config, emulator)));
  }

  @Override
  public GetParametersAnswer getParameters(String region, List<String> selectors, Duration timeout)
      throws SourceException, InterruptedException {
    URI uri = endpoint(region);
    byte[] body = body(selectors);
    Map<String, String> headers = signer.sign("POST", uri, headers(), body, SIGNING_NAME, region);
    HttpExchange.Response answer = send(uri, headers, body, timeout, selectors);
    try {
      if (answer.status() / 100 != 2) {
        AwsServiceError error = AwsServiceError.of(answer);
        throw SsmErrors.of(error.code(), answer.status(), String.valueOf(error.getMessage()), selectors, region,
            error);
      }
      try {
        return GetParametersAnswer.parse(answer.body(), selectors);
      } catch (GetParametersAnswer.NotAnAnswer e) {
        throw SourceException.retryable(Step.FETCH, "SSM answered " + answer.status() + " for "
            + selectors.size() + " parameters with a body that is not a GetParameters answer (" + e.getMessage()
            + ")");
      }
    } finally {
      answer.wipe();
    }
  }

  /**
   * Signs a GetParameters call for a name no account has with throwaway credentials (never sent), then sends the
   * same request unsigned: SSM refuses it, and its answer takes the error path. Loads the signer, the JSON code,
   * HttpURLConnection and TLS, and carries neither a secret nor anything of the function's credentials.
   */
  @Override
  public void prime(Duration timeout) throws InterruptedException {
    Optional<String> region = environment.get(AwsConfig.REGION_VARIABLE);
    if (region.isEmpty()) {
      return; // nowhere to send it; the first fetch fails on the region anyway
    }
    try {
      String checked = AwsEndpoints.requireRegion(region.get(), AwsConfig.REGION_VARIABLE);
      List<String> dummy = List.of("/secretfn/priming");
      URI uri = endpoint(checked);
      byte[] body = body(dummy);
      AwsRequestSigner.forPriming().sign("POST", uri, headers(), body, SIGNING_NAME, checked);
      HttpExchange.Response answer = send(uri, headers(), body, timeout, dummy);
      try {
        AwsServiceError error = AwsServiceError.of(answer);
        SsmErrors.of(error.code(), answer.status(), "", dummy, checked, null);
      } finally {
        answer.wipe();
      }
    } catch (SourceException | RuntimeException e) {
      LOG.log(Level.DEBUG, "secretfn: priming SSM ended with " + e.getClass().getSimpleName());
    }
  }

  @Override
  public String toString() {
    return "LeanSsmTransport[" + override.map(Object::toString).orElse("regional endpoints") + "]";
  }

  /** The override, else SSM's regional endpoint; with the path {@code /} of every AWS JSON call. */
  URI endpoint(String region) throws SourceException {
    try {
      URI base = override.map(AwsEndpoints.Explicit::uri).orElseGet(() -> SsmEndpoints.regional(environment, region));
      return URI.create(base + "/");
    } catch (IllegalStateException e) {
      throw SourceException.permanent(Step.SOURCE_SETUP, e.getMessage()).withCause(e);
    }
  }

  private static Map<String, String> headers() {
    return AwsJsonProtocol.headers(CONTENT_TYPE, TARGET);
  }

  private static HttpExchange.Response send(URI uri, Map<String, String> signed, byte[] body, Duration timeout,
      List<String> selectors) throws SourceException, InterruptedException {
    try {
      return AwsJsonProtocol.post(uri, signed, body, timeout, MAX_ANSWER);
    } catch (IOException e) {
      throw AwsErrors.transport(e, SsmErrors.resource(selectors), Step.FETCH);
    }
  }

  /** {@code {"Names":[...],"WithDecryption":true}}. */
  static byte[] body(List<String> selectors) {
    StringBuilder json = new StringBuilder(32 + 40 * selectors.size()).append("{\"Names\":[");
    for (int i = 0; i < selectors.size(); i++) {
      json.append(i == 0 ? "" : ",").append(JsonFields.quote(selectors.get(i)));
    }
    return json.append("],\"WithDecryption\":true}").toString().getBytes(StandardCharsets.UTF_8);
  }
}
