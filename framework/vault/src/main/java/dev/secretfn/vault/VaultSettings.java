package dev.secretfn.vault;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Settings of the Vault source, for configuration by code. Immutable. Every setting left unset here is read
 * from the environment variable Vault's own tools use (named below); a setting made here wins over the
 * variable. Bind one in a Dagger module:
 *
 * <pre>{@code
 * @Provides static VaultSettings vaultSettings() {
 *   return VaultSettings.builder().address(URI.create("https://vault.example.com:8200")).role("orders").build();
 * }
 * }</pre>
 *
 * <h2>WARNING</h2>
 * The address must be {@code https://}: the login credential and the token travel to it. Plain {@code http://}
 * is accepted for a loopback address only (a local Vault agent or proxy, or an emulator in tests), and is
 * logged.
 */
public final class VaultSettings {
  /** Environment variable: the Vault address, {@code https://HOST[:PORT]}. */
  public static final String ADDRESS = "VAULT_ADDR";
  /** Environment variable: the Vault Enterprise namespace, sent as {@code X-Vault-Namespace}. */
  public static final String NAMESPACE = "VAULT_NAMESPACE";
  /** Environment variable: the role of the auth method to log in with. */
  public static final String ROLE = "VAULT_AUTH_ROLE";
  /**
   * Environment variable: the login method, {@code gcp} or {@code aws}; when set it must match the login
   * module bound in the component, which catches a deployment configured for the other cloud.
   */
  public static final String AUTH_PROVIDER = "VAULT_AUTH_PROVIDER";
  /** Environment variable: the path the auth method is mounted at; default {@code gcp} or {@code aws}. */
  public static final String AUTH_MOUNT = "VAULT_AUTH_MOUNT";
  /** Environment variable: the value of {@code X-Vault-AWS-IAM-Server-ID}, signed into the AWS login. */
  public static final String IAM_SERVER_ID = "VAULT_IAM_SERVER_ID";
  /** Environment variable: the KV version of every mount (1 or 2), which skips the version lookup. */
  public static final String KV_VERSION = "VAULT_KV_VERSION";
  /** Environment variable: {@code host[:port]} of the Google metadata server, as Google's libraries read it. */
  public static final String METADATA_HOST = "GCE_METADATA_HOST";

  static final Pattern MOUNT = Pattern.compile("[A-Za-z0-9._@:+-]+(/[A-Za-z0-9._@:+-]+)*");
  private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9._@:+-]{1,255}");

  private final Optional<URI> address;
  private final Optional<String> namespace;
  private final Optional<String> role;
  private final Optional<String> authMount;
  private final Optional<String> iamServerId;
  private final OptionalInt kvVersion;
  private final Optional<String> metadataHost;

  private VaultSettings(Builder b) {
    this.address = b.address;
    this.namespace = b.namespace;
    this.role = b.role;
    this.authMount = b.authMount;
    this.iamServerId = b.iamServerId;
    this.kvVersion = b.kvVersion;
    this.metadataHost = b.metadataHost;
  }

  /** Everything from the environment. */
  public static VaultSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  Optional<URI> address() {
    return address;
  }

  Optional<String> namespace() {
    return namespace;
  }

  Optional<String> role() {
    return role;
  }

  Optional<String> authMount() {
    return authMount;
  }

  Optional<String> iamServerId() {
    return iamServerId;
  }

  OptionalInt kvVersion() {
    return kvVersion;
  }

  Optional<String> metadataHost() {
    return metadataHost;
  }

  /** Lists what is set here (nothing in it is secret). */
  @Override
  public String toString() {
    return "VaultSettings[" + address.map(a -> "address=" + a + ", ").orElse("")
        + namespace.map(n -> "namespace=" + n + ", ").orElse("") + role.map(r -> "role=" + r + ", ").orElse("")
        + authMount.map(m -> "authMount=" + m + ", ").orElse("")
        + iamServerId.map(i -> "iamServerId=" + i + ", ").orElse("")
        + (kvVersion.isPresent() ? "kvVersion=" + kvVersion.getAsInt() + ", " : "")
        + metadataHost.map(h -> "metadataHost=" + h).orElse("") + "]";
  }

  static URI checkAddress(String where, URI address) {
    String scheme = address.getScheme();
    String host = address.getHost();
    boolean loopback = dev.secretfn.internal.HttpExchange.isLoopback(host);
    boolean path = address.getRawPath() != null && !address.getRawPath().isEmpty() && !"/".equals(address.getRawPath());
    if (host == null || path || address.getRawQuery() != null || address.getRawFragment() != null
        || address.getRawUserInfo() != null) {
      throw new IllegalArgumentException(where + " must be https://HOST[:PORT] without path, query or user info");
    }
    if (!"https".equals(scheme) && !("http".equals(scheme) && loopback)) {
      throw new IllegalArgumentException(where + " must be https:// (the login credential and the Vault token"
          + " travel to it), not " + scheme + "://" + host + (address.getPort() > 0 ? ":" + address.getPort() : "")
          + "; http:// is accepted on a loopback address only, such as http://127.0.0.1:8200");
    }
    return address;
  }

  static String checkRole(String where, String role) {
    if (!ROLE_NAME.matcher(role).matches()) {
      throw new IllegalArgumentException(where + " must be a Vault role name: 1 to 255 letters, digits and . _ @ : + -");
    }
    return role;
  }

  static String checkMount(String where, String mount) {
    if (!MOUNT.matcher(mount).matches()) {
      throw new IllegalArgumentException(where + " must be a mount path such as gcp or auth-team/gcp, without"
          + " leading or trailing /");
    }
    return mount;
  }

  static int checkKvVersion(String where, int version) {
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException(where + " must be 1 or 2");
    }
    return version;
  }

  static String checkHeaderValue(String where, String value) {
    if (value.isEmpty() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(where + " must be non-empty printable ASCII without spaces");
    }
    return value;
  }

  /** Builds {@link VaultSettings}; each setter validates at once. */
  public static final class Builder {
    private Optional<URI> address = Optional.empty();
    private Optional<String> namespace = Optional.empty();
    private Optional<String> role = Optional.empty();
    private Optional<String> authMount = Optional.empty();
    private Optional<String> iamServerId = Optional.empty();
    private OptionalInt kvVersion = OptionalInt.empty();
    private Optional<String> metadataHost = Optional.empty();

    private Builder() {}

    /** The Vault address, {@code https://HOST[:PORT]} ({@code http://} on loopback only). */
    public Builder address(URI address) {
      this.address = Optional.of(checkAddress("address", Objects.requireNonNull(address, "address")));
      return this;
    }

    /** The Vault Enterprise namespace, e.g. {@code admin/team}. */
    public Builder namespace(String namespace) {
      this.namespace = Optional.of(checkMount("namespace", Objects.requireNonNull(namespace, "namespace")));
      return this;
    }

    /** The auth method role to log in with. */
    public Builder role(String role) {
      this.role = Optional.of(checkRole("role", Objects.requireNonNull(role, "role")));
      return this;
    }

    /** The mount path of the auth method, if not {@code gcp} / {@code aws}. */
    public Builder authMount(String authMount) {
      this.authMount = Optional.of(checkMount("authMount", Objects.requireNonNull(authMount, "authMount")));
      return this;
    }

    /** The {@code X-Vault-AWS-IAM-Server-ID} value the aws auth method is configured to require. */
    public Builder iamServerId(String iamServerId) {
      this.iamServerId =
          Optional.of(checkHeaderValue("iamServerId", Objects.requireNonNull(iamServerId, "iamServerId")));
      return this;
    }

    /**
     * The KV version of every mount (1 or 2). Without it the source asks Vault once per mount, as the Vault
     * CLI does, which also finds mounts whose path has several segments; with it the mount is the first
     * segment of each path.
     */
    public Builder kvVersion(int kvVersion) {
      this.kvVersion = OptionalInt.of(checkKvVersion("kvVersion", kvVersion));
      return this;
    }

    /** {@code host[:port]} of the metadata server (tests and emulators); default {@code metadata.google.internal}. */
    public Builder metadataHost(String hostPort) {
      this.metadataHost = Optional.of(checkHeaderValue("metadataHost", Objects.requireNonNull(hostPort, "hostPort")));
      return this;
    }

    public VaultSettings build() {
      return new VaultSettings(this);
    }
  }
}
