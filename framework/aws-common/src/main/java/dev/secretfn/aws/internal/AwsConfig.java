package dev.secretfn.aws.internal;

import dev.secretfn.Environment;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.EncryptionContext;
import dev.secretfn.spi.EmulatorEndpoint;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;

/**
 * Not an API: {@link AwsSettings} with the function's environment and deadline applied, as every AWS store
 * reads them. Immutable.
 */
public final class AwsConfig {
  /** The function's region; Lambda sets it. */
  public static final String REGION_VARIABLE = "AWS_REGION";
  private static final String FORMER_S3_EMULATOR_HOST = "SECRETFN_S3_EMULATOR_HOST";

  private final AwsSettings settings;
  private final Environment environment;
  private final Duration deadline;

  public AwsConfig(AwsSettings settings, Environment environment, Duration deadline) {
    this.settings = settings;
    this.environment = environment;
    this.deadline = deadline;
  }

  public Environment environment() {
    return environment;
  }

  /** The start-up deadline, which bounds every call. */
  public Duration deadline() {
    return deadline;
  }

  public EncryptionContext encryptionContext() {
    return settings.encryptionContext();
  }

  public int maxObjectBytes() {
    return settings.maxObjectBytes();
  }

  /**
   * The function's region, from {@value #REGION_VARIABLE}.
   *
   * @throws IllegalStateException if it is not set
   */
  public Region region() {
    return Region.of(regionName());
  }

  private String regionName() {
    return environment.get(REGION_VARIABLE).orElseThrow(() -> new IllegalStateException(
        REGION_VARIABLE + " is not set: Lambda sets it; elsewhere set it to the region of the key and bucket"));
  }

  /**
   * The region of a call about a resource: the region its ARN names ({@code arn:PARTITION:SERVICE:REGION:...}),
   * else the function's, {@value #REGION_VARIABLE}. A key or secret of another region is thus called in its
   * own region, as the SDK's clients would be configured by hand.
   *
   * @param resource a resource id as the reference names it (key id, alias, ARN), if it names one
   * @throws IllegalStateException if the resource names no region and {@value #REGION_VARIABLE} is not set, or
   *     the region is not a region name
   */
  public String regionOf(Optional<String> resource) {
    Optional<String> fromArn = resource.filter(r -> r.startsWith("arn:")).map(r -> r.split(":", 6))
        .filter(parts -> parts.length == 6 && !parts[3].isEmpty()).map(parts -> parts[3]);
    if (fromArn.isPresent()) {
      return AwsEndpoints.requireRegion(fromArn.get(), "the region of the ARN");
    }
    return AwsEndpoints.requireRegion(regionName(), REGION_VARIABLE);
  }

  /** The AWS KMS endpoint: the override in code, else {@value AwsSettings#KMS_EMULATOR_HOST}, else none. */
  public Optional<URI> kmsEndpoint() {
    return settings.kmsEndpoint().or(() -> EmulatorEndpoint.fromEnvironment(
        environment, AwsSettings.KMS_EMULATOR_HOST));
  }

  /** The S3 endpoint: the override in code, else {@value AwsSettings#S3_EMULATOR_HOST}, else none. */
  public Optional<URI> s3Endpoint() {
    return settings.s3Endpoint().or(() -> EmulatorEndpoint.fromEnvironment(
        environment, AwsSettings.S3_EMULATOR_HOST, FORMER_S3_EMULATOR_HOST));
  }

  /**
   * The AWS Secrets Manager endpoint: the override in code, else {@value AwsSettings#SECRETS_MANAGER_EMULATOR_HOST},
   * else none.
   */
  public Optional<URI> secretsManagerEndpoint() {
    return settings.secretsManagerEndpoint().or(() -> EmulatorEndpoint.fromEnvironment(
        environment, AwsSettings.SECRETS_MANAGER_EMULATOR_HOST));
  }

  @Override
  public String toString() {
    return "AwsConfig[" + settings + ", deadline=" + deadline + "]";
  }
}
