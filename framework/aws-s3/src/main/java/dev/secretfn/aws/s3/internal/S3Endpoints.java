package dev.secretfn.aws.s3.internal;

import dev.secretfn.Environment;
import dev.secretfn.aws.internal.AwsEndpoints;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Where the lean transport sends a GetObject: the overrides and partitions of {@link AwsEndpoints}, with S3's own
 * addressing on top. Immutable.
 *
 * <ul>
 *   <li>Regional: virtual-hosted {@code https://BUCKET.s3.REGION.amazonaws.com/KEY}; path-style {@code
 *       https://s3.REGION.amazonaws.com/BUCKET/KEY} for a bucket name with dots, which the certificate's wildcard
 *       cannot cover. {@code AWS_USE_FIPS_ENDPOINT} makes the service name {@code s3-fips}, and S3's dual-stack
 *       endpoints add the label {@code .dualstack} ({@code AWS_USE_DUALSTACK_ENDPOINT}); each partition has its
 *       domain ({@code amazonaws.com.cn} for {@code cn-} regions).
 *   <li>{@code AWS_ENDPOINT_URL_S3}, else {@code AWS_ENDPOINT_URL}: that URL, virtual-hosted except on an IP
 *       address or {@code localhost} (or for a bucket with dots), which take path-style, as the SDK's rules do.
 *   <li>secretfn's emulator override: path-style; the transport signs with the fixed dummy credentials.
 * </ul>
 * Each key segment is percent-encoded as SigV4 encodes it (all but {@code A-Z a-z 0-9 - . _ ~}), and the
 * transport signs the path as it is sent.
 */
final class S3Endpoints {
  private static final String HEX = "0123456789ABCDEF";
  /** No FIPS or dual-stack flag: {@link #base} puts S3's own forms of them into the service name. */
  private static final Environment NO_FLAGS = Environment.of(Map.of());

  private final Optional<AwsEndpoints.Explicit> override;
  private final boolean fips;
  private final boolean dualStack;

  private S3Endpoints(Optional<AwsEndpoints.Explicit> override, boolean fips, boolean dualStack) {
    this.override = override;
    this.fips = fips;
    this.dualStack = dualStack;
  }

  /**
   * The endpoints for secretfn's {@code emulator} override (already checked to be loopback), else for the
   * environment's settings.
   *
   * @throws IllegalStateException naming the variable, when an endpoint variable is refused or a FIPS or
   *     dual-stack variable is neither true nor false
   */
  static S3Endpoints of(Optional<URI> emulator, Environment environment) {
    Optional<AwsEndpoints.Explicit> override =
        AwsEndpoints.override(emulator, "secretfn's S3 emulator setting", environment, "S3");
    return override.isPresent()
        ? new S3Endpoints(override, false, false)
        : new S3Endpoints(override, AwsEndpoints.fips(environment), AwsEndpoints.dualStack(environment));
  }

  /** Whether requests go to secretfn's emulator override (dummy credentials). */
  boolean emulator() {
    return override.map(AwsEndpoints.Explicit::emulator).orElse(false);
  }

  /** The override in use, if any. */
  Optional<AwsEndpoints.Explicit> override() {
    return override;
  }

  /** The URL of GetObject {@code bucket/key}, at {@code versionId} if present, in {@code region}. */
  URI object(String bucket, String key, Optional<String> versionId, String region) {
    String query = versionId.map(v -> "?versionId=" + encode(v, false)).orElse("");
    URI base = base(region);
    boolean pathStyle = emulator() || bucket.indexOf('.') >= 0 || isAddressOrLocalhost(base.getHost());
    String authority = pathStyle ? base.getRawAuthority() : bucket + "." + base.getRawAuthority();
    String path = (base.getRawPath() == null ? "" : base.getRawPath()) + "/" + (pathStyle ? bucket + "/" : "");
    return URI.create(base.getScheme() + "://" + authority + path + encode(key, true) + query);
  }

  /** The service's root in {@code region}, for a harmless unsigned call. */
  URI root(String region) {
    return URI.create(base(region) + "/");
  }

  /** The override, else {@code https://s3[-fips][.dualstack].REGION.DOMAIN}, without a trailing slash. */
  private URI base(String region) {
    if (override.isPresent()) {
      return override.get().uri();
    }
    // S3's dual-stack endpoints are its own (a label, not the partition's dual-stack domain): the flags go into
    // the service name, and AwsEndpoints supplies the partition's domain.
    return AwsEndpoints.regional(NO_FLAGS, "s3" + (fips ? "-fips" : "") + (dualStack ? ".dualstack" : ""), region);
  }

  /**
   * SigV4's URI encoding: every byte of the UTF-8 form but {@code A-Z a-z 0-9 - . _ ~} as {@code %XX}, with
   * {@code /} kept when {@code keepSlash} (the separator of a key's path segments).
   */
  static String encode(String value, boolean keepSlash) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || (keepSlash && c == '/')) {
        out.append(c);
      } else {
        out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
      }
    }
    return out.toString();
  }

  private static boolean isAddressOrLocalhost(String host) {
    return host.equalsIgnoreCase("localhost") || host.startsWith("[") || host.matches("[0-9.]+");
  }

  @Override
  public String toString() {
    return "S3Endpoints[" + override.map(Object::toString)
        .orElse("regional" + (fips ? ", FIPS" : "") + (dualStack ? ", dual-stack" : "")) + "]";
  }
}
