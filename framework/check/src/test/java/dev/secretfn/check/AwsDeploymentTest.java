package dev.secretfn.check;

import static dev.secretfn.check.FunctionFixture.AWS_KMS;
import static dev.secretfn.check.FunctionFixture.AWS_SM;
import static dev.secretfn.check.FunctionFixture.S3;
import static dev.secretfn.check.FunctionFixture.SSM;
import static dev.secretfn.check.FunctionFixture.optional;
import static dev.secretfn.check.FunctionFixture.required;
import static dev.secretfn.check.FunctionFixture.secret;
import static dev.secretfn.check.GcpDeploymentTest.ciphertext;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each finding on crafted AWS deployments (env files), through the library API. */
class AwsDeploymentTest {
  static final String CANARY = "CANARY-aws-secret-9d2e";

  @TempDir Path dir;
  Path classes;

  @BeforeEach
  void function() throws IOException {
    classes = FunctionFixture.in(dir)
        .secrets("app.BillingSecrets",
            secret("API_KEY", "Secret", true, "AWS", null),
            secret("DB_USER", "String", true, null, null),
            required("DB_PASS"),
            required("SIGNING_KEY"),
            secret("WEBHOOK_SECRET", "Secret", true, null, 300),
            optional("PARTNER_KEY"))
        .component("app.BillingComponent", "app.BillingSecrets", AWS_KMS, AWS_SM, SSM)
        .classes();
  }

  @Test
  void everyFinding_onOneDeployment_inVariableOrder() throws Exception {
    CheckReport report = check(
        "API_KEY=" + CANARY,
        "DB_USER=aws-sm://billing-db#username",
        "DB_PASS=s3://secrets/db.json?versionId=3#password",
        "WEBHOOK_SECRET=ssm:///billing/webhook?version=2",
        "PARTNER_KEY=ssm:///billing/partner?version=-1",
        "UPSTREAM_URL=" + CANARY);

    assertThat(report.lines()).containsExactly(
        "secretfn check: component app.BillingComponent against env file " + dir.resolve("billing.env")
            + ": 6 declared secrets",
        "ERROR API_KEY: is declared to hold a bare AWS KMS ciphertext, but its value is no canonical AWS KMS"
            + " ciphertext (the ciphertext uses the URL-safe base64 alphabet: use standard base64 ('+' and '/',"
            + " padded with '=')): it looks like a plaintext secret, which must never be in a deployment's"
            + " variables; fix: store the secret (deploy/gcp/put-*-secret.sh, deploy/aws/put-*-secret.sh) or"
            + " encrypt it (encrypt-env.sh), and set API_KEY to the reference or ciphertext",
        "ERROR DB_PASS: 's3://' references need S3Module from secretfn-aws-s3 (this component reads aws-kms://,"
            + " aws-sm://, ssm://); fix: add S3Module from secretfn-aws-s3 to your component",
        "WARNING DB_USER: reads aws-sm://billing-db#username at whatever version is current when an instance"
            + " starts, so a new version reaches every new instance at once, with no rollout; fix: pin a version"
            + " (see docs/references.md)",
        report.lines().get(4),
        "ERROR SIGNING_KEY: the variable is not set; fix: set SIGNING_KEY to a reference (see"
            + " docs/references.md), or declare it optional",
        "ERROR WEBHOOK_SECRET: WEBHOOK_SECRET is declared refreshing but its reference is pinned to one version,"
            + " which no refresh can change; fix: drop the version from the reference to let it refresh (a"
            + " ciphertext in the variable never changes: keep the secret in a store), or declare WEBHOOK_SECRET"
            + " without @Refresh",
        "5 errors, 1 warning");
    assertThat(report.lines().get(4)).startsWith("ERROR PARTNER_KEY: invalid ssm:// reference: ")
        .endsWith("; fix: write the value in a form from docs/references.md");
    assertThat(report.hasErrors()).isTrue();
    assertThat(report.errors()).isEqualTo(5);
    assertThat(report.warnings()).isEqualTo(1);
    assertThat(String.join("\n", report.lines())).doesNotContain(CANARY);
  }

  @Test
  void bareAwsCiphertext_andPinnedReferences_haveNoFindings() throws Exception {
    CheckReport report = check(
        "API_KEY=" + ciphertext(180),
        "DB_USER=aws-sm://billing-db?versionId=0123456789abcdef0123456789abcdef#username",
        "DB_PASS=aws-sm://billing-db?versionId=0123456789abcdef0123456789abcdef#password",
        "SIGNING_KEY=ssm:///billing/signing-key?version=4",
        "WEBHOOK_SECRET=ssm:///billing/webhook");

    assertThat(report.findings()).isEmpty();
    assertThat(report.hasErrors()).isFalse();
    assertThat(report.lines()).endsWith("0 errors, 0 warnings");
  }

  private CheckReport check(String... lines) throws Exception {
    Path env = Files.writeString(dir.resolve("billing.env"), String.join("\n", lines) + "\n", UTF_8);
    return DeploymentCheck.run(CheckRequest.builder().function(classes).envFile(env).build());
  }
}
