package dev.secretfn.aws.secretsmanager.internal;

import dev.secretfn.Environment;
import dev.secretfn.Step;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsEndpoints;
import dev.secretfn.spi.SourceException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Not an API: where the lean transport sends {@code GetSecretValue}: the override it reads once, when it is built
 * (secretfn's emulator setting, then {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}, then {@code AWS_ENDPOINT_URL}), else
 * Secrets Manager's regional endpoint as the SDK's endpoint rules give it (held to the SDK by
 * aws-secretsmanager-client's SdkRulesParityTest).
 */
public final class SecretsManagerEndpoints {
  /** SigV4's service name and the endpoint prefix of {@code secretsmanager.REGION.amazonaws.com}. */
  public static final String SIGNING_NAME = "secretsmanager";
  /** The service's part of {@code AWS_ENDPOINT_URL_<SERVICE>}: its service id, "Secrets Manager". */
  public static final String SERVICE_ID = "SECRETS_MANAGER";
  /** The dual-stack DNS suffix of the {@code aws} and {@code aws-us-gov} partitions. */
  private static final String AWS_DUAL_STACK_SUFFIX = ".api.aws";
  /** The dual-stack DNS suffix of the {@code aws-cn} partition. */
  private static final String CHINA_DUAL_STACK_SUFFIX = ".api.amazonwebservices.com.cn";

  private SecretsManagerEndpoints() {}

  /**
   * The override in {@code config}, if any.
   *
   * @throws IllegalStateException when an endpoint variable is malformed
   */
  public static Optional<AwsEndpoints.Explicit> override(AwsConfig config) {
    return AwsEndpoints.override(config.secretsManagerEndpoint(), "secretfn's AWS Secrets Manager emulator setting",
        config.environment(), SERVICE_ID);
  }

  /**
   * Secrets Manager's regional endpoint as the SDK's endpoint rules give it: {@link AwsEndpoints#regional}, except
   * that its standard hosts are its dual-stack ones in the {@code aws} and {@code aws-us-gov} partitions ({@code
   * secretsmanager[-fips].us-east-1.amazonaws.com}, never {@code *.api.aws}), and in {@code aws-cn} without FIPS
   * ({@code secretsmanager.cn-north-1.amazonaws.com.cn}; with FIPS it is {@code *.api.amazonwebservices.com.cn}).
   *
   * @throws IllegalStateException when a FIPS or dual-stack variable is neither true nor false
   */
  public static URI regional(Environment environment, String region) {
    URI uri = AwsEndpoints.regional(environment, SIGNING_NAME, region);
    if (!AwsEndpoints.dualStack(environment)) {
      return uri;
    }
    boolean fips = AwsEndpoints.fips(environment);
    String host = uri.getHost();
    if (host.endsWith(AWS_DUAL_STACK_SUFFIX) || (!fips && host.endsWith(CHINA_DUAL_STACK_SUFFIX))) {
      return AwsEndpoints.regional(
          Environment.of(fips ? Map.of(AwsEndpoints.USE_FIPS_ENDPOINT, "true") : Map.of()), SIGNING_NAME, region);
    }
    return uri;
  }

  /**
   * The override, else the regional endpoint; with the path {@code /} of every AWS JSON call.
   *
   * @throws SourceException a permanent set-up failure when a FIPS or dual-stack variable is malformed
   */
  public static URI endpoint(Optional<AwsEndpoints.Explicit> override, Environment environment, String region)
      throws SourceException {
    try {
      URI base = override.map(AwsEndpoints.Explicit::uri).orElseGet(() -> regional(environment, region));
      return URI.create(base + "/");
    } catch (IllegalStateException e) {
      throw SourceException.permanent(Step.SOURCE_SETUP, e.getMessage()).withCause(e);
    }
  }
}
