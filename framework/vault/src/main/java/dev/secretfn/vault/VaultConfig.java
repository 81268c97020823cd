package dev.secretfn.vault;

import dev.secretfn.Environment;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** The settings with the environment applied and validated, once, on the first fetch. */
final class VaultConfig {
  static final String DEFAULT_METADATA_HOST = "metadata.google.internal";

  final URI address;
  final Optional<String> namespace;
  final String role;
  final String method;
  final String authMount;
  final Optional<String> iamServerId;
  final OptionalInt kvVersion;
  final String metadataHost;

  private VaultConfig(URI address, Optional<String> namespace, String role, String method, String authMount,
      Optional<String> iamServerId, OptionalInt kvVersion, String metadataHost) {
    this.address = address;
    this.namespace = namespace;
    this.role = role;
    this.method = method;
    this.authMount = authMount;
    this.iamServerId = iamServerId;
    this.kvVersion = kvVersion;
    this.metadataHost = metadataHost;
  }

  /**
   * Applies {@code env} under {@code settings}.
   *
   * @throws IllegalArgumentException naming the setting or variable that is missing or invalid
   */
  static VaultConfig resolve(VaultSettings settings, Environment env, String loginMethod) {
    URI address = settings.address().orElseGet(() -> VaultSettings.checkAddress(VaultSettings.ADDRESS,
        parseUri(env.get(VaultSettings.ADDRESS).orElseThrow(() -> new IllegalArgumentException(
            VaultSettings.ADDRESS + " is not set: set it to the Vault address, https://HOST:8200")))));
    Optional<String> namespace = settings.namespace().or(() -> env.get(VaultSettings.NAMESPACE)
        .filter(n -> !n.isEmpty()).map(n -> VaultSettings.checkMount(VaultSettings.NAMESPACE, strip(n))));
    String role = settings.role().orElseGet(() -> VaultSettings.checkRole(VaultSettings.ROLE,
        env.get(VaultSettings.ROLE).orElseThrow(() -> new IllegalArgumentException(VaultSettings.ROLE
            + " is not set: set it to the " + loginMethod + " auth method role bound to this function"))));
    env.get(VaultSettings.AUTH_PROVIDER).ifPresent(provider -> {
      if (!provider.equals(loginMethod)) {
        throw new IllegalArgumentException(VaultSettings.AUTH_PROVIDER + " says " + describe(provider)
            + " but the component binds the " + loginMethod + " login: bind the login module of this cloud, or"
            + " fix the variable");
      }
    });
    String mount = settings.authMount().orElseGet(() -> env.get(VaultSettings.AUTH_MOUNT)
        .map(m -> VaultSettings.checkMount(VaultSettings.AUTH_MOUNT, strip(m))).orElse(loginMethod));
    Optional<String> serverId = settings.iamServerId().or(() -> env.get(VaultSettings.IAM_SERVER_ID)
        .map(s -> VaultSettings.checkHeaderValue(VaultSettings.IAM_SERVER_ID, s)));
    OptionalInt kv = settings.kvVersion();
    if (kv.isEmpty() && env.get(VaultSettings.KV_VERSION).isPresent()) {
      String value = env.get(VaultSettings.KV_VERSION).get();
      if (!value.equals("1") && !value.equals("2")) {
        throw new IllegalArgumentException(VaultSettings.KV_VERSION + " must be 1 or 2");
      }
      kv = OptionalInt.of(Integer.parseInt(value));
    }
    String metadataHost = settings.metadataHost().orElseGet(() -> env.get(VaultSettings.METADATA_HOST)
        .map(h -> VaultSettings.checkHeaderValue(VaultSettings.METADATA_HOST, h)).orElse(DEFAULT_METADATA_HOST));
    return new VaultConfig(address, namespace, role, loginMethod, mount, serverId, kv, metadataHost);
  }

  URI api(String path) {
    String base = address.toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/" + path);
  }

  /** How the configuration reads in an error, without anything secret in it. */
  String describe() {
    return "Vault " + address + namespace.map(n -> " namespace " + n).orElse("");
  }

  private static URI parseUri(String value) {
    try {
      return new URI(value);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(VaultSettings.ADDRESS + " is not a URL: write https://HOST:PORT");
    }
  }

  private static String strip(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private static String describe(String provider) {
    return provider.matches("[a-z0-9-]{1,20}") ? "'" + provider + "'" : "another value";
  }

  static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
