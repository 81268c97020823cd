package dev.secretfn.aws.internal;

import dev.secretfn.Environment;
import dev.secretfn.internal.HttpExchange;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Not an API: where an AWS store sends its calls, by the AWS SDK's rules and in the SDK's order:
 * <ol>
 *   <li>secretfn's emulator override ({@code AwsSettings}, then {@code SECRETFN_AWS_<SERVICE>_EMULATOR_HOST}):
 *       a loopback emulator, signed with fixed dummy credentials;
 *   <li>{@code AWS_ENDPOINT_URL_<SERVICE>}, then {@code AWS_ENDPOINT_URL} (AWS's own endpoint settings, both
 *       skipped when {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}): {@code https://} to any host, plain
 *       {@code http://} only to a loopback host; signed with the function's credentials, since an explicit
 *       endpoint is the user's choice;
 *   <li>else the regional endpoint {@code https://{service}.{region}.{dnsSuffix}} of the region's partition,
 *       {@code {service}-fips} with {@code AWS_USE_FIPS_ENDPOINT=true} and the partition's dual-stack suffix
 *       with {@code AWS_USE_DUALSTACK_ENDPOINT=true}, as the SDK's endpoint rules resolve it.
 * </ol>
 * The shared config file's {@code endpoint_url} and {@code use_fips_endpoint} are not read (the lean
 * transports read no profile); the official-client transports keep the SDK's full rules for that.
 */
public final class AwsEndpoints {
  /** Every service's endpoint, unless the service's own variable is set. */
  public static final String ENDPOINT_URL = "AWS_ENDPOINT_URL";
  /** {@code true}: ignore {@value #ENDPOINT_URL} and the service variables. */
  public static final String IGNORE_CONFIGURED_ENDPOINT_URLS = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";
  public static final String USE_FIPS_ENDPOINT = "AWS_USE_FIPS_ENDPOINT";
  public static final String USE_DUALSTACK_ENDPOINT = "AWS_USE_DUALSTACK_ENDPOINT";

  /** A DNS label, which is what the SDK's endpoint rules require of a region. */
  private static final Pattern REGION = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

  /** The partitions of the SDK's endpoint rules: region pattern, DNS suffix, dual-stack DNS suffix. */
  private static final List<Partition> PARTITIONS = List.of(
      new Partition("cn-\\w+-\\d+", "amazonaws.com.cn", "api.amazonwebservices.com.cn"),
      new Partition("us-gov-\\w+-\\d+", "amazonaws.com", "api.aws"),
      new Partition("us-iso-\\w+-\\d+", "c2s.ic.gov", "api.aws.ic.gov"),
      new Partition("us-isob-\\w+-\\d+", "sc2s.sgov.gov", "api.aws.scloud"),
      new Partition("eu-isoe-\\w+-\\d+", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"),
      new Partition("us-isof-\\w+-\\d+", "csp.hci.ic.gov", "api.aws.hci.ic.gov"),
      new Partition("eusc-de-\\w+-\\d+", "amazonaws.eu", "api.amazonwebservices.eu"));
  /** The {@code aws} partition, which also takes regions no pattern knows, as the SDK's rules do. */
  private static final Partition AWS = new Partition(".*", "amazonaws.com", "api.aws");

  private AwsEndpoints() {}

  /** An endpoint set explicitly, by secretfn's emulator override or by AWS's endpoint variables. */
  public static final class Explicit {
    private final URI uri;
    private final String setting;
    private final boolean emulator;

    private Explicit(URI uri, String setting, boolean emulator) {
      this.uri = uri;
      this.setting = setting;
      this.emulator = emulator;
    }

    /** The endpoint, without a trailing slash. */
    public URI uri() {
      return uri;
    }

    /** Which setting named it, for the log line. */
    public String setting() {
      return setting;
    }

    /** Whether it is secretfn's emulator override, which is signed with dummy credentials. */
    public boolean emulator() {
      return emulator;
    }

    @Override
    public String toString() {
      return uri + " (" + setting + ")";
    }
  }

  /**
   * The explicit endpoint of a service, if one is set.
   *
   * @param emulator secretfn's emulator override of the service, already validated as loopback
   * @param emulatorSetting what set it, for the log line
   * @param serviceId the service's part of {@code AWS_ENDPOINT_URL_<SERVICE>}: {@code KMS}, {@code S3},
   *     {@code SECRETS_MANAGER}
   * @throws IllegalStateException naming the variable, when an endpoint variable is not an absolute {@code
   *     https://} URL (or {@code http://} on a loopback host) without query, fragment or user info
   */
  public static Optional<Explicit> override(
      Optional<URI> emulator, String emulatorSetting, Environment environment, String serviceId) {
    if (emulator.isPresent()) {
      return Optional.of(new Explicit(emulator.get(), emulatorSetting, true));
    }
    if (flag(environment, IGNORE_CONFIGURED_ENDPOINT_URLS)) {
      return Optional.empty();
    }
    for (String variable : List.of(ENDPOINT_URL + "_" + serviceId, ENDPOINT_URL)) {
      Optional<String> value = environment.get(variable).filter(v -> !v.isBlank());
      if (value.isPresent()) {
        return Optional.of(new Explicit(explicit(variable, value.get().trim()), variable, false));
      }
    }
    return Optional.empty();
  }

  /**
   * The regional endpoint of a service: {@code https://{prefix}.{region}.{dnsSuffix}}, with {@code
   * {prefix}-fips} under {@value #USE_FIPS_ENDPOINT} and the dual-stack suffix under {@value
   * #USE_DUALSTACK_ENDPOINT}.
   *
   * @param prefix the service's endpoint prefix, {@code kms}
   * @param region a region name, already checked with {@link #requireRegion}
   * @throws IllegalStateException when a FIPS or dual-stack variable is neither true nor false
   */
  public static URI regional(Environment environment, String prefix, String region) {
    Partition partition = PARTITIONS.stream().filter(p -> p.regions.matcher(region).matches()).findFirst()
        .orElse(AWS);
    boolean fips = flag(environment, USE_FIPS_ENDPOINT);
    boolean dualStack = flag(environment, USE_DUALSTACK_ENDPOINT);
    return URI.create("https://" + prefix + (fips ? "-fips" : "") + "." + region + "."
        + (dualStack ? partition.dualStackDnsSuffix : partition.dnsSuffix));
  }

  /** Whether {@value #USE_FIPS_ENDPOINT} is true. */
  public static boolean fips(Environment environment) {
    return flag(environment, USE_FIPS_ENDPOINT);
  }

  /** Whether {@value #USE_DUALSTACK_ENDPOINT} is true. */
  public static boolean dualStack(Environment environment) {
    return flag(environment, USE_DUALSTACK_ENDPOINT);
  }

  /**
   * Returns {@code region} if it can be part of a host name, as the SDK's endpoint rules require.
   *
   * @param origin where it came from, for the message ({@code AWS_REGION}, {@code the key ARN})
   * @throws IllegalStateException otherwise
   */
  public static String requireRegion(String region, String origin) {
    if (!REGION.matcher(region).matches()) {
      throw new IllegalStateException(origin + " is not an AWS region name such as eu-west-1 (lower-case"
          + " letters, digits and '-')");
    }
    return region;
  }

  /** A boolean setting as the SDK reads it: unset is false, else {@code true} or {@code false} in any case. */
  private static boolean flag(Environment environment, String variable) {
    Optional<String> value = environment.get(variable).map(v -> v.trim().toLowerCase(Locale.ROOT));
    if (value.isEmpty() || value.get().equals("false")) {
      return false;
    }
    if (value.get().equals("true")) {
      return true;
    }
    throw new IllegalStateException(variable + " must be true or false");
  }

  private static URI explicit(String variable, String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(variable + " is not a URL (" + e.getReason() + ")", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalStateException(variable + " must be an https:// URL with a host and no query, fragment"
          + " or user info, such as https://kms.eu-west-1.amazonaws.com");
    }
    if (scheme.equals("http") && !HttpExchange.isLoopback(uri.getHost())) {
      throw new IllegalStateException(variable + " names a plain http:// endpoint on " + uri.getHost()
          + ": secretfn sends requests over https, and plain http only to a loopback host");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    return URI.create(scheme + "://" + uri.getRawAuthority() + path);
  }

  private static final class Partition {
    final Pattern regions;
    final String dnsSuffix;
    final String dualStackDnsSuffix;

    Partition(String regions, String dnsSuffix, String dualStackDnsSuffix) {
      this.regions = Pattern.compile(regions);
      this.dnsSuffix = dnsSuffix;
      this.dualStackDnsSuffix = dualStackDnsSuffix;
    }
  }
}
