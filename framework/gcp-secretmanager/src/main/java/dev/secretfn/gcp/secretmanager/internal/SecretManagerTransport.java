package dev.secretfn.gcp.secretmanager.internal;

import dev.secretfn.spi.SourceException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Not an API: how one Secret Manager AccessSecretVersion call reaches the service. The default is
 * secretfn-gcp-secretmanager's lean transport (the documented REST API over the JDK's {@code HttpURLConnection});
 * secretfn-gcp-secretmanager-client's {@code SecretManagerClientTransportModule} binds one over
 * google-cloud-secretmanager instead ({@link dev.secretfn.internal.OfficialClient}).
 *
 * <p>A transport sends the call to the endpoint that serves the secret (the regional one for a regional secret,
 * or the emulator override) and returns what Secret Manager answered; the store's reader checks the version the
 * answer names, the size limit and the payload's CRC32C, and failures are classified by {@link
 * SecretManagerErrors}, so both transports fail alike. Implementations are thread-safe and build nothing before
 * their first call.
 */
public interface SecretManagerTransport {
  /**
   * Makes one AccessSecretVersion call, bounded by {@code timeout}.
   *
   * @throws SourceException saying whether a retry can help; never quoting a payload
   * @throws InterruptedException when interrupted
   */
  Answer access(Request request, Duration timeout) throws SourceException, InterruptedException;

  /**
   * Readies the transport for a fast first call without any secret or credential ({@link
   * dev.secretfn.spi.SecretSource#prime}). Must not throw for a failed call; does nothing by default.
   */
  default void prime(Duration timeout) throws InterruptedException {}

  /** What one AccessSecretVersion asks for. {@link #toString()} names the version. */
  final class Request {
    private final String versionName;
    private final Optional<String> location;
    private final OptionalLong version;

    /**
     * @param versionName {@code projects/P[/locations/L]/secrets/S/versions/V}, checked by the reference's rules
     * @param location the region of a regional secret; empty for a global one
     * @param version the version the reference pins; empty for {@code latest}
     */
    public Request(String versionName, Optional<String> location, OptionalLong version) {
      this.versionName = Objects.requireNonNull(versionName, "versionName");
      this.location = Objects.requireNonNull(location, "location");
      this.version = Objects.requireNonNull(version, "version");
    }

    public String versionName() {
      return versionName;
    }

    public Optional<String> location() {
      return location;
    }

    public OptionalLong version() {
      return version;
    }

    @Override
    public String toString() {
      return "AccessSecretVersion[" + versionName + "]";
    }
  }

  /**
   * What Secret Manager answered: the version's name as the answer gives it (the project may be its number), the
   * payload, which the caller owns and must wipe, and its CRC32C if the answer carries one.
   */
  final class Answer {
    private final String name;
    private final byte[] data;
    private final OptionalLong dataCrc32c;

    public Answer(String name, byte[] data, OptionalLong dataCrc32c) {
      this.name = Objects.requireNonNull(name, "name");
      this.data = Objects.requireNonNull(data, "data");
      this.dataCrc32c = Objects.requireNonNull(dataCrc32c, "dataCrc32c");
    }

    /** The version's resource name, as answered. */
    public String name() {
      return name;
    }

    /** The payload itself, not a copy. */
    public byte[] data() {
      return data;
    }

    /** The unsigned CRC32C the answer gives for the payload; empty when the version has none. */
    public OptionalLong dataCrc32c() {
      return dataCrc32c;
    }

    /** The name and size only: the payload is a secret. */
    @Override
    public String toString() {
      return "Answer[" + name + ", " + data.length + " bytes]";
    }
  }
}
