package dev.secretfn.stores;

import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.vault.MetadataServerEmulator;
import dev.secretfn.testing.vault.VaultEmulator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Vault part of a {@link SourceTestbed}: a Vault emulator with a KV version 2 mount {@code secret/}, and a
 * metadata server whose identity tokens log in with the gcp method as a Cloud Run function does. The role hands
 * out service tokens, which the source revokes once a resolution ends: every refresh logs in again.
 */
public final class VaultTestbed extends SourceTestbed {
  public static final String SERVICE_ACCOUNT = "orders@secretfn-it.iam.gserviceaccount.com";
  public static final String ROLE = "orders-fn";

  public final MetadataServerEmulator metadata;
  public final VaultEmulator vault;

  public VaultTestbed() {
    metadata = MetadataServerEmulator.start(SERVICE_ACCOUNT);
    vault = VaultEmulator.start();
    vault.mountKv("secret", 2);
    vault.policy("orders", "secret/data/app/*");
    vault.trustGoogleSigner(metadata.publicKey());
    vault.gcpRole(ROLE, SERVICE_ACCOUNT, false, "orders");
  }

  /** The KV reads ({@code GET /v1/secret/data/...}) Vault received; logins and mount lookups left out. */
  public List<RecordedRequest> kvReads() {
    return vault.requests().stream()
        .filter(r -> r.method().equals("GET") && r.path().startsWith("/v1/secret/data/"))
        .collect(Collectors.toList());
  }

  @Override
  protected Map<String, String> cloudVariables() {
    return Map.of("VAULT_ADDR", vault.endpoint(), "GCE_METADATA_HOST", metadata.hostPort(),
        "VAULT_AUTH_ROLE", ROLE);
  }

  /** The Vault source's JDK connections hold nothing to close. */
  @Override
  protected List<Client> clients() {
    return List.of();
  }

  @Override
  protected void stopEmulators() {
    try {
      vault.close();
    } finally {
      metadata.close();
    }
  }

  @Override
  protected List<Object> emulatorState() {
    return List.of(vault.requests(), vault, vault.knobs(), metadata.requests(), metadata, metadata.knobs());
  }
}
