package dev.secretfn.vault;

import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.testing.contract.StoreFixture;
import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.vault.MetadataServerEmulator;
import dev.secretfn.testing.vault.VaultEmulator;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The vault:// store (KV version 2, gcp login) on the Vault and metadata server emulators, for the contract
 * kit. A KV secret is a key/value object: put() writes a JSON object value as the secret itself, read
 * without a field, and any other value under the key {@value #VALUE_KEY}, read as {@code #value}. Vault keeps
 * strings, so the store holds text only.
 */
final class VaultFixture implements StoreFixture {
  static final String VALUE_KEY = "value";
  private static final String SERVICE_ACCOUNT = "contract@secretfn-contract.iam.gserviceaccount.com";
  private static final String ROLE = "contract-fn";

  private final MetadataServerEmulator metadata = MetadataServerEmulator.start(SERVICE_ACCOUNT);
  private final VaultEmulator vault = VaultEmulator.start();
  private final VaultContractComponent store = VaultContractComponent.of(Map.of(
      "VAULT_ADDR", vault.endpoint(),
      "GCE_METADATA_HOST", metadata.hostPort(),
      "VAULT_AUTH_ROLE", ROLE));
  private final SecretSource source = store.sources().iterator().next();
  private final AtomicInteger secrets = new AtomicInteger();

  VaultFixture() {
    vault.mountKv("secret", 2);
    vault.policy("contract", "secret/data/contract/*");
    vault.trustGoogleSigner(metadata.publicKey());
    vault.gcpRole(ROLE, SERVICE_ACCOUNT, true, "contract");
  }

  @Override
  public ReferenceSyntax syntax() {
    return store.syntaxes().iterator().next();
  }

  @Override
  public SecretSource source() {
    return source;
  }

  @Override
  public SecretReference put(String name, byte[] value) {
    // The number ends with '-', so no path is a prefix of another (deny() matches by prefix).
    String path = "secret/contract/v" + secrets.incrementAndGet() + "-" + name;
    String text = text(value);
    Optional<Map<String, Object>> object = jsonObject(text);
    if (object.isPresent()) {
      int version = vault.put(path, object.get()); // any JSON values, as real KV version 2 keeps them
      return new VaultSecret(path, OptionalLong.of(version), Optional.empty());
    }
    int version = vault.put(path, Map.of(VALUE_KEY, text));
    return new VaultSecret(path, OptionalLong.of(version), Optional.of(VALUE_KEY));
  }

  @Override
  public boolean holdsBinary() {
    return false;
  }

  @Override
  public SecretReference absent() {
    return new VaultSecret("secret/contract/no-such-secret", OptionalLong.empty(), Optional.empty());
  }

  /** Denies the read path of the secret, {@code secret/data/...}, as a policy without it would. */
  @Override
  public void deny(SecretReference reference) {
    String path = ((VaultSecret) reference).path();
    vault.knobs().deny("secret/data/" + path.substring("secret/".length()));
  }

  @Override
  public EmulatorKnobs knobs() {
    return vault.knobs();
  }

  /** Stops both emulators; the source's JDK HTTP connections hold no threads of their own. */
  @Override
  public void close() {
    try {
      vault.close();
    } finally {
      metadata.close();
    }
  }

  private static String text(byte[] value) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("Vault KV keeps strings: the fixture takes UTF-8 text only", e);
    }
  }

  private static Optional<Map<String, Object>> jsonObject(String text) {
    if (!text.startsWith("{")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.parseObject(text));
    } catch (Json.MalformedJsonException e) {
      return Optional.empty();
    }
  }
}
