package dev.secretfn.aws.s3.internal;

import dev.secretfn.Environment;
import dev.secretfn.internal.HttpExchange;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the lean transport sends a GetObject: the regional S3 endpoint by the SDK's endpoint rules, or an
 * override. Immutable.
 *
 * <ul>
 *   <li>Standard: virtual-hosted {@code https://BUCKET.s3.REGION.amazonaws.com/KEY}; path-style {@code
 *       https://s3.REGION.amazonaws.com/BUCKET/KEY} for a bucket name with dots, which the certificate's
 *       wildcard cannot cover. {@value #FIPS} makes the service name {@code s3-fips}, {@value #DUAL_STACK} adds
 *       {@code .dualstack}; China's regions ({@code cn-}) are under {@code amazonaws.com.cn}.
 *   <li>{@value #ENDPOINT_URL_S3}, else {@value #ENDPOINT_URL} (unless {@value #IGNORE_CONFIGURED}): that URL,
 *       virtual-hosted except for an IP address or {@code localhost} (or a bucket with dots), which take
 *       path-style; https for any host, plain http for loopback only.
 *   <li>secretfn's emulator override ({@code AwsSettings.s3Endpoint}, {@code SECRETFN_AWS_S3_EMULATOR_HOST}):
 *       path-style, and the transport signs with the fixed dummy credentials.
 * </ul>
 * Each key segment is percent-encoded as SigV4 encodes it (all but {@code A-Z a-z 0-9 - . _ ~}), so that the path
 * sent is the path signed.
 */
final class S3Endpoints {
  static final String ENDPOINT_URL_S3 = "AWS_ENDPOINT_URL_S3";
  static final String ENDPOINT_URL = "AWS_ENDPOINT_URL";
  static final String IGNORE_CONFIGURED = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";
  static final String FIPS = "AWS_USE_FIPS_ENDPOINT";
  static final String DUAL_STACK = "AWS_USE_DUALSTACK_ENDPOINT";
  private static final String HEX = "0123456789ABCDEF";

  /** The override's base URL without a trailing slash; empty for the standard endpoints. */
  private final Optional<URI> override;
  private final boolean emulator;
  private final boolean fips;
  private final boolean dualStack;

  private S3Endpoints(Optional<URI> override, boolean emulator, boolean fips, boolean dualStack) {
    this.override = override.map(S3Endpoints::withoutTrailingSlash);
    this.emulator = emulator;
    this.fips = fips;
    this.dualStack = dualStack;
  }

  /**
   * The endpoints for {@code emulator} (secretfn's override, already checked to be loopback) or the
   * environment's settings.
   *
   * @throws IllegalStateException when an endpoint variable is not an https URL, nor an http one on loopback
   */
  static S3Endpoints of(Optional<URI> emulator, Environment environment) {
    if (emulator.isPresent()) {
      return new S3Endpoints(emulator, true, false, false);
    }
    boolean fips = isTrue(environment, FIPS);
    boolean dualStack = isTrue(environment, DUAL_STACK);
    if (isTrue(environment, IGNORE_CONFIGURED)) {
      return new S3Endpoints(Optional.empty(), false, fips, dualStack);
    }
    Optional<String> variable = environment.get(ENDPOINT_URL_S3).filter(v -> !v.isBlank()).map(v -> ENDPOINT_URL_S3)
        .or(() -> environment.get(ENDPOINT_URL).filter(v -> !v.isBlank()).map(v -> ENDPOINT_URL));
    if (variable.isEmpty()) {
      return new S3Endpoints(Optional.empty(), false, fips, dualStack);
    }
    String value = environment.get(variable.get()).orElseThrow().trim();
    try {
      URI uri = new URI(value);
      if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new IllegalStateException(variable.get() + " must be a URL such as https://HOST[:PORT][/PATH]");
      }
      return new S3Endpoints(Optional.of(HttpExchange.requireSafe(uri)), false, fips, dualStack);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(variable.get() + " is not a URL: " + e.getReason(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(variable.get() + ": " + e.getMessage(), e);
    }
  }

  /** Whether requests go to secretfn's emulator override (dummy credentials). */
  boolean emulator() {
    return emulator;
  }

  /** The override in use, if any. */
  Optional<URI> override() {
    return override;
  }

  /** The URL of GetObject {@code bucket/key}, at {@code versionId} if present, in {@code region}. */
  URI object(String bucket, String key, Optional<String> versionId, String region) {
    String query = versionId.map(v -> "?versionId=" + encode(v, false)).orElse("");
    String path = encode(key, true);
    if (override.isPresent()) {
      URI base = override.get();
      String rawPath = base.getRawPath() == null ? "" : base.getRawPath();
      boolean pathStyle = emulator || bucket.indexOf('.') >= 0 || isAddressOrLocalhost(base.getHost());
      String host = pathStyle ? base.getRawAuthority() : bucket + "." + base.getRawAuthority();
      return URI.create(base.getScheme() + "://" + host + rawPath + "/" + (pathStyle ? bucket + "/" : "")
          + path + query);
    }
    String service = (fips ? "s3-fips" : "s3") + (dualStack ? ".dualstack" : "");
    String host = service + "." + region + "." + dnsSuffix(region);
    return bucket.indexOf('.') >= 0
        ? URI.create("https://" + host + "/" + bucket + "/" + path + query)
        : URI.create("https://" + bucket + "." + host + "/" + path + query);
  }

  /** The service's root in {@code region}, for a harmless unsigned call. */
  URI root(String region) {
    if (override.isPresent()) {
      return URI.create(override.get() + "/");
    }
    String service = (fips ? "s3-fips" : "s3") + (dualStack ? ".dualstack" : "");
    return URI.create("https://" + service + "." + region + "." + dnsSuffix(region) + "/");
  }

  /** The partition's domain: China's regions have their own; the others of the aws partition share one. */
  private static String dnsSuffix(String region) {
    return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
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

  private static boolean isTrue(Environment environment, String name) {
    return environment.get(name).map(v -> v.trim().toLowerCase(Locale.ROOT).equals("true")).orElse(false);
  }

  private static URI withoutTrailingSlash(URI uri) {
    String s = uri.toString();
    return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
  }

  @Override
  public String toString() {
    return "S3Endpoints[" + override.map(o -> (emulator ? "emulator " : "override ") + o)
        .orElse("standard" + (fips ? ", FIPS" : "") + (dualStack ? ", dual-stack" : "")) + "]";
  }
}
