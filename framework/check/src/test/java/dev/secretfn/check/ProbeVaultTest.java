package dev.secretfn.check;

import static dev.secretfn.check.ProbeGcpTest.find;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.testing.CanaryAudit;
import dev.secretfn.testing.vault.MetadataServerEmulator;
import dev.secretfn.testing.vault.VaultEmulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The probe against the Vault and metadata server emulators: the deployment names Vault and the role (the
 * function's configuration), the process the metadata server the gcp login asks for an identity token.
 */
class ProbeVaultTest {
  private static final String SERVICE_ACCOUNT = "orders@probe.iam.gserviceaccount.com";
  private static final String ROLE = "orders-fn";
  private static final List<SecretDeclaration> DECLARED = List.of(
      SecretDeclaration.required("DB_PASS"), SecretDeclaration.required("OTHER_TEAM_KEY"));

  private final CanaryAudit audit = CanaryAudit.start().captureAllLevels("dev.secretfn");
  private final MetadataServerEmulator metadata = MetadataServerEmulator.start(SERVICE_ACCOUNT);
  private final VaultEmulator vault = VaultEmulator.start();

  @BeforeEach
  void deploy() {
    vault.mountKv("secret", 2);
    vault.put("secret/orders/db", Map.of("password", audit.canary("db-pass")));
    vault.put("secret/billing/key", Map.of("value", audit.canary("billing")));
    vault.policy("orders", "secret/data/orders/*");
    vault.trustGoogleSigner(metadata.publicKey());
    vault.gcpRole(ROLE, SERVICE_ACCOUNT, true, "orders");
  }

  @AfterEach
  void stop() {
    try {
      audit.close();
    } finally {
      vault.close();
      metadata.close();
    }
  }

  @Test
  void probe_pathInThePolicy_reachable_pathOutsideIt_errorNamesThePolicyToAdd() {
    Environment deployment = Environment.of(Map.of(
        "VAULT_ADDR", vault.endpoint(),
        "VAULT_AUTH_ROLE", ROLE,
        "DB_PASS", "vault://secret/orders/db?version=1#password",
        "OTHER_TEAM_KEY", "vault://secret/billing/key?version=1#value"));

    List<Finding> findings = Probe.run(DECLARED, deployment,
        Environment.of(Map.of("GCE_METADATA_HOST", metadata.hostPort())), Duration.ofSeconds(15), r -> {});

    assertThat(find(findings, "DB_PASS").severity()).isEqualTo(Severity.NOTE);
    assertThat(find(findings, "DB_PASS").message()).startsWith("reachable").contains("vault://secret/orders/db");
    Finding denied = find(findings, "OTHER_TEAM_KEY");
    assertThat(denied.severity()).isEqualTo(Severity.ERROR);
    assertThat(denied.message()).contains("FETCH failed").contains("vault://secret/billing/key");
    assertThat(denied.fix()).hasValueSatisfying(fix ->
        assertThat(fix).contains("secret/data/billing/key").contains("read").contains(ROLE));
    audit.assertAbsentFrom(findings.toArray());
  }
}
