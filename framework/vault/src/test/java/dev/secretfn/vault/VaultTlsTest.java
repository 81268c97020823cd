package dev.secretfn.vault;

import dev.secretfn.testing.tls.TestTrust;
import dev.secretfn.testing.tls.TlsCases;
import dev.secretfn.testing.vault.MetadataServerEmulator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Vault's address is called over the lean transport: a bad certificate or plain http elsewhere is refused. */
@ResourceLock(TestTrust.RESOURCE)
class VaultTlsTest {
  private static final String SA = "weather@demo-project.iam.gserviceaccount.com";

  private MetadataServerEmulator metadata;

  @BeforeEach
  void start() {
    metadata = MetadataServerEmulator.start(SA);
  }

  @AfterEach
  void stop() {
    metadata.close();
  }

  @TestFactory
  Stream<DynamicTest> resolve_badVaultEndpoints_areRefused() {
    return TlsCases.refusals(endpoint -> DaggerVaultSourceEmulatorTest_Function.factory()
        .create(new TestDeployment(Map.of(
            "VAULT_ADDR", endpoint.toString(),
            "GCE_METADATA_HOST", metadata.hostPort(),
            "VAULT_AUTH_ROLE", "weather-fn",
            "API_KEY", "vault://secret/apikeys/weather#value")))
        .secrets());
  }
}
