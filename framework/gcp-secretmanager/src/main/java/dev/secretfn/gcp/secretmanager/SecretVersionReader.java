package dev.secretfn.gcp.secretmanager;

import dagger.Lazy;
import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.gcp.internal.GcpConfig;
import dev.secretfn.gcp.secretmanager.internal.SecretManagerErrors;
import dev.secretfn.gcp.secretmanager.internal.SecretManagerTransport;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;

/**
 * One AccessSecretVersion, whichever transport sends it ({@link SecretManagerTransport}: the lean one by default,
 * google-cloud-secretmanager with {@code SecretManagerClientTransportModule}): the answer must name a version of
 * the secret asked for (the pinned one, if pinned), the payload must fit the size limit and match its CRC32C
 * ({@code dataCrc32c}). Shared by the {@code sm://} and {@code gcp-sm://} sources. Thread-safe; builds nothing
 * before the first call, and the transport only then.
 */
@Singleton
final class SecretVersionReader {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private final Lazy<SecretManagerTransport> transport;
  private final int maxBytes;
  /** Both sources prime this one reader: once is enough. */
  private final AtomicBoolean primed = new AtomicBoolean();

  @Inject
  SecretVersionReader(Lazy<SecretManagerTransport> transport, GcpConfig config) {
    this(transport, config.maxObjectBytes());
  }

  /** For tests: any transport and limit. */
  SecretVersionReader(Lazy<SecretManagerTransport> transport, int maxBytes) {
    this.transport = transport;
    this.maxBytes = maxBytes;
  }

  /**
   * Reads version {@code name} ({@code projects/P[/locations/L]/secrets/S/versions/V}) within {@code timeout}.
   *
   * @param version the version the reference pins; empty for {@code latest}
   * @param describe how logs name the reference
   */
  Secret read(String name, Optional<String> location, OptionalLong version, String describe, Duration timeout)
      throws SourceException, InterruptedException {
    SecretManagerTransport.Answer answer =
        transport.get().access(new SecretManagerTransport.Request(name, location, version), timeout);
    byte[] data = answer.data();
    try {
      long answered = answeredVersion(answer, name, version);
      if (data.length > maxBytes) {
        throw SecretManagerErrors.tooLarge(name, maxBytes);
      }
      OptionalLong crc = answer.dataCrc32c();
      if (crc.isPresent() && crc.getAsLong() != crc32c(data)) {
        throw SourceException.retryable(Step.VERIFY, "the payload Secret Manager returned for " + name
            + " failed its CRC32C check (corrupted in transit)");
      }
      if (crc.isEmpty()) {
        // Unlike Cloud KMS's plaintextCrc32c, dataCrc32c is not always there: Google documents that versions
        // encrypted with a customer-managed key (CMEK) before 2021-07-16 have no stored checksum and are answered
        // without one. Refusing would lock such secrets out; the checksum guards against corruption, not an
        // attacker (TLS does that), so accept, and say so where an operator sees it.
        LOG.log(Level.INFO, () -> "secretfn: " + describe + " read version " + answered + " unverified: it"
            + " carries no CRC32C (dataCrc32c), as Secret Manager answers for a CMEK version created before"
            + " 2021-07-16; add the value as a new version to get a checksum");
      }
      if (version.isEmpty()) {
        LOG.log(Level.INFO, () -> "secretfn: " + describe + " read version " + answered + " (latest)");
      }
      return Secret.copyOf(data);
    } finally {
      Arrays.fill(data, (byte) 0);
    }
  }

  /** Readies the transport ({@link SecretManagerTransport#prime}), once per reader. */
  void prime(Duration timeout) throws InterruptedException {
    if (primed.compareAndSet(false, true)) {
      transport.get().prime(timeout);
    }
  }

  /** The version the answer names, which must be a version of the secret asked for, and the pinned one if pinned. */
  private static long answeredVersion(SecretManagerTransport.Answer answer, String name, OptionalLong version)
      throws SourceException {
    String secret = name.substring(0, name.indexOf("/versions/"));
    OptionalLong answered = SecretManagerRest.answeredVersion(answer.name(), secret.substring(secret.lastIndexOf('/')
        + 1));
    if (answered.isEmpty()) {
      throw malformed(name, SecretManagerRest.NOT_A_VERSION);
    }
    if (version.isPresent() && answered.getAsLong() != version.getAsLong()) {
      throw SourceException.retryable(Step.FETCH, "Secret Manager answered for " + name + " with another version");
    }
    return answered.getAsLong();
  }

  /**
   * An answer that is not the documented AccessSecretVersion: never seen from Secret Manager itself, so something
   * in between answered, and another attempt may reach it.
   */
  static SourceException malformed(String name, String why) {
    return SourceException.retryable(Step.FETCH, "Secret Manager's answer for " + name + " is not the documented"
        + " AccessSecretVersion JSON: " + why);
  }

  /** The unsigned CRC32C (Castagnoli) of {@code data}, as Secret Manager's int64 {@code dataCrc32c} carries it. */
  static long crc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return crc.getValue();
  }

  @Override
  public String toString() {
    return "SecretVersionReader[" + maxBytes + "-byte limit]";
  }
}
