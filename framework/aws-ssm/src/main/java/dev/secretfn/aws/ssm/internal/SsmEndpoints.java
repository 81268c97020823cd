package dev.secretfn.aws.ssm.internal;

import dev.secretfn.Environment;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsEndpoints;
import dev.secretfn.aws.ssm.SsmModule;
import dev.secretfn.spi.EmulatorEndpoint;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Not an API: the SSM endpoint override both transports read, once, when they are built: {@value
 * SsmModule#EMULATOR_HOST} (a loopback emulator, dummy credentials), then {@code AWS_ENDPOINT_URL_SSM}, then {@code
 * AWS_ENDPOINT_URL}; and the line each logs when it uses one.
 */
public final class SsmEndpoints {
  /** SigV4's service name and the endpoint prefix of {@code ssm.REGION.amazonaws.com}. */
  public static final String SIGNING_NAME = "ssm";
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private SsmEndpoints() {}

  /**
   * The override in {@code config}'s environment, if any.
   *
   * @throws IllegalStateException when an endpoint variable is malformed
   */
  public static Optional<AwsEndpoints.Explicit> override(AwsConfig config) {
    Optional<URI> emulatorHost = EmulatorEndpoint.fromEnvironment(config.environment(), SsmModule.EMULATOR_HOST);
    return AwsEndpoints.override(emulatorHost, SsmModule.EMULATOR_HOST, config.environment(), "SSM");
  }

  /**
   * SSM's regional endpoint as the SDK's endpoint rules give it: {@link AwsEndpoints#regional}, except that in AWS
   * GovCloud (US) SSM's FIPS endpoint without dual-stack is its standard one ({@code ssm.us-gov-west-1.amazonaws.com},
   * which is FIPS-validated), not {@code ssm-fips.*} (held to the SDK by aws-ssm-client's SdkRulesParityTest).
   *
   * @throws IllegalStateException when a FIPS or dual-stack variable is neither true nor false
   */
  public static URI regional(Environment environment, String region) {
    if (region.startsWith("us-gov-") && AwsEndpoints.fips(environment) && !AwsEndpoints.dualStack(environment)) {
      return AwsEndpoints.regional(Environment.of(Map.of()), SIGNING_NAME, region);
    }
    return AwsEndpoints.regional(environment, SIGNING_NAME, region);
  }

  /** Logs that {@code override} is used: a WARNING for an emulator, INFO for an endpoint variable. */
  public static void log(AwsEndpoints.Explicit override) {
    LOG.log(override.emulator() ? Level.WARNING : Level.INFO, override.emulator()
        ? "secretfn: SSM endpoint overridden to " + override.uri() + " (local emulator; dummy credentials)"
        : "secretfn: SSM endpoint set to " + override.uri() + " by " + override.setting());
  }
}
