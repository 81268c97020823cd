package dev.secretfn.gcp.secretmanager.client;

import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.gcp.secretmanager.BerglasSecretManagerSecret;
import dev.secretfn.gcp.secretmanager.SecretManagerSecret;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.testing.contract.StoreFixture;
import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.gcp.SecretManagerEmulator;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Secret Manager store on the official-client transport and the emulator, for the contract kit: {@code gcp-sm://} (regional secrets, pinned
 * versions) or Berglas's {@code sm://} (global, pinned by fragment). Each {@link #put} makes a secret of its own,
 * so that {@link #deny} of one reference denies that secret and nothing else.
 */
final class OfficialSecretManagerFixture implements StoreFixture {
  static final String PROJECT = "secretfn-official";
  static final String LOCATION = "europe-west1";

  private final SecretManagerEmulator sm = SecretManagerEmulator.start();
  private final OfficialSecretManagerComponent store = OfficialSecretManagerComponent.of(
      Map.of(GcpSettings.SECRET_MANAGER_EMULATOR_HOST, sm.endpoint().substring("http://".length())));
  private final boolean berglas;
  private final SecretSource source;
  private final AtomicInteger secrets = new AtomicInteger();

  OfficialSecretManagerFixture(boolean berglas) {
    this.berglas = berglas;
    this.source = store.source(scheme());
  }

  private Scheme scheme() {
    return berglas ? BerglasSecretManagerSecret.SCHEME : SecretManagerSecret.SCHEME;
  }

  @Override
  public ReferenceSyntax syntax() {
    return store.syntax(scheme());
  }

  @Override
  public SecretSource source() {
    return source;
  }

  @Override
  public SecretReference put(String name, byte[] value) {
    // The number ends with '-', so no secret name is a prefix of another (deny() matches by prefix).
    String id = "s" + secrets.incrementAndGet() + "-" + name.replaceAll("[^a-zA-Z0-9_-]", "_");
    String secret = berglas ? "projects/" + PROJECT + "/secrets/" + id
        : "projects/" + PROJECT + "/locations/" + LOCATION + "/secrets/" + id;
    sm.createSecret(secret);
    sm.addVersion(secret, "an older version".getBytes(StandardCharsets.UTF_8));
    long version = sm.addVersion(secret, value);
    return berglas ? new BerglasSecretManagerSecret(PROJECT, id, OptionalLong.of(version))
        : new SecretManagerSecret(PROJECT, Optional.of(LOCATION), id, OptionalLong.of(version), Optional.empty());
  }

  @Override
  public boolean selectsFields() {
    return !berglas;
  }

  @Override
  public SecretReference absent() {
    return berglas ? new BerglasSecretManagerSecret(PROJECT, "no-such-secret", OptionalLong.empty())
        : new SecretManagerSecret(PROJECT, Optional.of(LOCATION), "no-such-secret", OptionalLong.of(1),
            Optional.empty());
  }

  @Override
  public void deny(SecretReference reference) {
    String name = reference instanceof SecretManagerSecret s ? s.versionName()
        : ((BerglasSecretManagerSecret) reference).versionName();
    sm.knobs().deny(name.substring(0, name.indexOf("/versions/")));
  }

  @Override
  public EmulatorKnobs knobs() {
    return sm.knobs();
  }

  /** Closes the clients the transport built (and their threads), then stops the emulator. */
  @Override
  public void close() {
    try {
      store.closeClients();
    } finally {
      sm.close();
    }
  }
}
