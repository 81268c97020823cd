package dev.secretfn.check;

import static dev.secretfn.check.ProbeGcpTest.find;
import static dev.secretfn.check.ProbeGcpTest.hostPort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.Kms;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.ssm.SsmModule;
import dev.secretfn.testing.CanaryAudit;
import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.S3Emulator;
import dev.secretfn.testing.aws.SecretsManagerEmulator;
import dev.secretfn.testing.aws.SsmEmulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The probe against the AWS KMS, S3, Secrets Manager and SSM emulators: a console-encrypted bare ciphertext, an
 * {@code aws-kms://} reference, an {@code s3://} object field, an {@code aws-sm://} secret and an {@code ssm://}
 * parameter, read and wiped, each store's denial, a missing object and a store that hangs.
 */
class ProbeAwsTest {
  private static final String REGION = "us-east-1";
  private static final String FUNCTION = "orders-api";
  private static final String BUCKET = "probe-secrets";
  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private static final List<SecretDeclaration> DECLARED = List.of(
      SecretDeclaration.required("DB_PASS").encryptedWith(Kms.AWS),
      SecretDeclaration.required("API_KEY"),
      SecretDeclaration.required("CONFIG_PASSWORD"),
      SecretDeclaration.required("TOKEN"),
      SecretDeclaration.required("PARAMETER"));

  private final CanaryAudit audit = CanaryAudit.start().captureAllLevels("dev.secretfn");
  private final AwsKmsEmulator kms = AwsKmsEmulator.start();
  private final S3Emulator s3 = S3Emulator.start();
  private final SecretsManagerEmulator secretsManager = SecretsManagerEmulator.start(REGION);
  private final SsmEmulator ssm = SsmEmulator.start();
  private final Map<String, String> deployment = new LinkedHashMap<>();
  private String key;

  @BeforeEach
  void deploy() {
    key = kms.createKey();
    s3.createBucket(BUCKET);

    deployment.put("DB_PASS", encrypt(audit.canary("db-pass")));
    deployment.put("API_KEY", "aws-kms://" + key + "?ciphertext=" + encrypt(audit.canary("api-key")));
    String versionId = s3.putObject(BUCKET, "config.json",
        ("{\"password\":\"" + audit.canary("config") + "\"}").getBytes(StandardCharsets.UTF_8));
    deployment.put("CONFIG_PASSWORD", "s3://" + BUCKET + "/config.json?versionId=" + versionId + "#password");
    secretsManager.createSecret("probe/token", audit.canary("token"));
    deployment.put("TOKEN", "aws-sm://probe/token?versionStage=AWSCURRENT");
    long version = ssm.putParameter("/probe/api-key", "SecureString", audit.canary("parameter"));
    deployment.put("PARAMETER", "ssm:///probe/api-key?version=" + version);
  }

  @AfterEach
  void stop() {
    try {
      audit.close();
    } finally {
      kms.close();
      s3.close();
      secretsManager.close();
      ssm.close();
    }
  }

  @Test
  void probe_everyStoreReadable_notesEachReachableAndKeepsNothing() {
    List<ResolvedSecrets> handedOut = new ArrayList<>();

    List<Finding> findings = Probe.run(DECLARED, Environment.of(deployment), process(), DEADLINE, handedOut::add);

    assertThat(findings).extracting(Finding::variable)
        .containsExactly("DB_PASS", "API_KEY", "CONFIG_PASSWORD", "TOKEN", "PARAMETER");
    assertThat(findings).allSatisfy(f -> {
      assertThat(f.severity()).isEqualTo(Severity.NOTE);
      assertThat(f.message()).startsWith("reachable with these credentials: ").contains("nothing kept");
    });
    assertThat(findings.get(2).message()).contains("s3://" + BUCKET + "/config.json");
    assertThat(findings.get(3).message()).contains("aws-sm://probe/token");
    audit.assertAbsentFrom(findings.toArray());
    assertThat(handedOut).hasSize(1);
    for (String variable : handedOut.get(0).variables()) {
      assertThat(handedOut.get(0).get(variable).isWiped()).as(variable).isTrue();
    }
    assertThat(kms.requests()).filteredOn(r -> r.header("X-Amz-Target").orElse("").equals("TrentService.Decrypt"))
        .hasSize(2);
  }

  @Test
  void probe_kmsKeyDenied_errorNamesKmsDecrypt() {
    kms.knobs().deny(key);

    List<Finding> findings = probe();

    for (String variable : List.of("DB_PASS", "API_KEY")) {
      Finding finding = find(findings, variable);
      assertThat(finding.severity()).isEqualTo(Severity.ERROR);
      assertThat(finding.message()).contains("DECRYPT failed").contains("AccessDeniedException");
      assertThat(finding.fix()).hasValueSatisfying(fix -> assertThat(fix).contains("kms:Decrypt"));
    }
    assertThat(find(findings, "CONFIG_PASSWORD").severity()).isEqualTo(Severity.NOTE);
  }

  @Test
  void probe_objectDenied_errorNamesS3GetObject() {
    s3.knobs().deny(BUCKET + "/config.json");

    Finding config = find(probe(), "CONFIG_PASSWORD");

    assertThat(config.severity()).isEqualTo(Severity.ERROR);
    assertThat(config.message()).contains("FETCH failed").contains("403 AccessDenied");
    assertThat(config.fix()).hasValueSatisfying(fix -> assertThat(fix).contains("s3:GetObject"));
  }

  @Test
  void probe_secretDenied_errorNamesGetSecretValue() {
    secretsManager.knobs().deny(secretsManager.denialOf("probe/token"));

    Finding token = find(probe(), "TOKEN");

    assertThat(token.severity()).isEqualTo(Severity.ERROR);
    assertThat(token.message()).contains("AccessDeniedException");
    assertThat(token.fix()).hasValueSatisfying(fix -> assertThat(fix).contains("secretsmanager:GetSecretValue"));
  }

  @Test
  void probe_parameterDenied_errorNamesGetParameters() {
    ssm.knobs().deny(SsmEmulator.arn("/probe/api-key"));

    Finding parameter = find(probe(), "PARAMETER");

    assertThat(parameter.severity()).isEqualTo(Severity.ERROR);
    assertThat(parameter.message()).contains("AccessDeniedException");
    assertThat(parameter.fix()).hasValueSatisfying(fix -> assertThat(fix).contains("ssm:GetParameters"));
  }

  @Test
  void probe_secretMissing_errorSaysNoSuchSecret() {
    deployment.put("TOKEN", "aws-sm://probe/no-such-token?versionStage=AWSCURRENT");

    Finding token = find(probe(), "TOKEN");

    assertThat(token.severity()).isEqualTo(Severity.ERROR);
    assertThat(token.message()).contains("ResourceNotFoundException").contains("no such secret");
  }

  @Test
  void probe_storeHangs_errorAtTheDeadlineNamesTheStep() {
    s3.knobs().latency(Duration.ofMinutes(1));

    List<Finding> findings = Probe.run(List.of(SecretDeclaration.required("CONFIG_PASSWORD")),
        Environment.of(deployment), process(), Duration.ofMillis(800), resolved -> {});

    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
      assertThat(f.message()).contains("FETCH failed").contains("did not finish within the 800 ms");
    });
  }

  private List<Finding> probe() {
    List<Finding> findings = Probe.run(DECLARED, Environment.of(deployment), process(), DEADLINE, r -> {});
    audit.assertAbsentFrom(findings.toArray());
    return findings;
  }

  /**
   * What the process running the check holds on a deployer's machine, pointed at the emulators: the region,
   * the function's name (the console's encryption context) and the emulator hosts.
   */
  private Environment process() {
    return Environment.of(Map.of(
        "AWS_REGION", REGION,
        "AWS_LAMBDA_FUNCTION_NAME", FUNCTION,
        AwsSettings.KMS_EMULATOR_HOST, hostPort(kms.endpoint()),
        AwsSettings.S3_EMULATOR_HOST, hostPort(s3.endpoint()),
        AwsSettings.SECRETS_MANAGER_EMULATOR_HOST, hostPort(secretsManager.endpoint()),
        SsmModule.EMULATOR_HOST, hostPort(ssm.endpoint())));
  }

  /** Base64 of {@code plaintext} under the key, with the console's context, as the Lambda console encrypts. */
  private String encrypt(String plaintext) {
    return Base64.getEncoder().encodeToString(
        kms.encrypt(key, plaintext.getBytes(StandardCharsets.UTF_8), Map.of("LambdaFunctionName", FUNCTION)));
  }
}
