package dev.secretfn.check;

import static dev.secretfn.check.ProbeGcpTest.find;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.testing.CanaryAudit;
import dev.secretfn.testing.vault.MetadataServerEmulator;
import dev.secretfn.testing.vault.VaultEmulator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The probe against the Vault and metadata server emulators, with each login: the deployment names Vault, the
 * role and the login method (the function's configuration); the process holds what the login proves identity
 * with (a metadata server for gcp, AWS keys for aws).
 */
class ProbeVaultTest {
  private static final String SERVICE_ACCOUNT = "orders@probe.iam.gserviceaccount.com";
  private static final String GCP_ROLE = "orders-fn";
  private static final String AWS_ROLE = "orders-lambda";
  private static final String ROLE_ARN = "arn:aws:iam::111122223333:role/orders-lambda";
  private static final String CALLER = "arn:aws:sts::111122223333:assumed-role/orders-lambda/deployer";
  private static final String ACCESS_KEY = "ASIAPROBEEXAMPLE0001";
  private static final List<SecretDeclaration> DECLARED = List.of(
      SecretDeclaration.required("DB_PASS"), SecretDeclaration.required("OTHER_TEAM_KEY"));

  private final CanaryAudit audit = CanaryAudit.start().captureAllLevels("dev.secretfn");
  private final MetadataServerEmulator metadata = MetadataServerEmulator.start(SERVICE_ACCOUNT);
  private final VaultEmulator vault = VaultEmulator.start();
  private String secretKey;

  @BeforeEach
  void deploy() {
    vault.mountKv("secret", 2);
    vault.put("secret/orders/db", Map.of("password", audit.canary("db-pass")));
    vault.put("secret/billing/key", Map.of("value", audit.canary("billing")));
    vault.policy("orders", "secret/data/orders/*");
    vault.trustGoogleSigner(metadata.publicKey());
    vault.gcpRole(GCP_ROLE, SERVICE_ACCOUNT, true, "orders");
    secretKey = audit.canary("aws-secret-key");
    vault.awsCredentials(ACCESS_KEY, secretKey, CALLER);
    vault.awsRole(AWS_ROLE, ROLE_ARN, true, "orders");
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
  void probe_gcpLogin_pathInThePolicyReachable_pathOutsideItErrorNamesThePolicyToAdd() {
    List<Finding> findings = Probe.run(DECLARED, deployment("VAULT_AUTH_ROLE", GCP_ROLE),
        Environment.of(Map.of("GCE_METADATA_HOST", metadata.hostPort())), Duration.ofSeconds(15), r -> {});

    assertReachableAndDenied(findings, GCP_ROLE);
    assertThat(vault.logins()).isEqualTo(1);
  }

  @Test
  void probe_awsLogin_signsWithTheProcessKeys_pathInThePolicyReachable_pathOutsideItErrorNamesThePolicyToAdd() {
    List<Finding> findings = Probe.run(DECLARED, deployment("VAULT_AUTH_ROLE", AWS_ROLE, "VAULT_AUTH_PROVIDER", "aws"),
        Environment.of(Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", secretKey,
            "AWS_SESSION_TOKEN", "probe-session-token")),
        Duration.ofSeconds(15), r -> {});

    assertReachableAndDenied(findings, AWS_ROLE);
    assertThat(vault.logins()).isEqualTo(1);
  }

  @Test
  void probe_awsLoginWithKeysVaultDoesNotKnow_errorAtLogin() {
    List<Finding> findings = Probe.run(DECLARED, deployment("VAULT_AUTH_ROLE", AWS_ROLE, "VAULT_AUTH_PROVIDER", "aws"),
        Environment.of(Map.of("AWS_ACCESS_KEY_ID", "AKIAUNKNOWNEXAMPLE01", "AWS_SECRET_ACCESS_KEY", secretKey)),
        Duration.ofSeconds(15), r -> {});

    assertThat(findings).extracting(Finding::severity).containsOnly(Severity.ERROR);
    assertThat(find(findings, "DB_PASS").message()).contains("Vault login").contains(AWS_ROLE);
    audit.assertAbsentFrom(findings.toArray());
  }

  private void assertReachableAndDenied(List<Finding> findings, String role) {
    assertThat(find(findings, "DB_PASS").severity()).isEqualTo(Severity.NOTE);
    assertThat(find(findings, "DB_PASS").message()).startsWith("reachable").contains("vault://secret/orders/db");
    Finding denied = find(findings, "OTHER_TEAM_KEY");
    assertThat(denied.severity()).isEqualTo(Severity.ERROR);
    assertThat(denied.message()).contains("FETCH failed").contains("vault://secret/billing/key");
    assertThat(denied.fix()).hasValueSatisfying(fix ->
        assertThat(fix).contains("secret/data/billing/key").contains("read").contains(role));
    audit.assertAbsentFrom(findings.toArray());
  }

  private Environment deployment(String... settings) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("VAULT_ADDR", vault.endpoint());
    variables.put("DB_PASS", "vault://secret/orders/db?version=1#password");
    variables.put("OTHER_TEAM_KEY", "vault://secret/billing/key?version=1#value");
    for (int i = 0; i < settings.length; i += 2) {
      variables.put(settings[i], settings[i + 1]);
    }
    return Environment.of(variables);
  }
}
