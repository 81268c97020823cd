package dev.secretfn.check;

import static dev.secretfn.check.FunctionFixture.BERGLAS_SM;
import static dev.secretfn.check.FunctionFixture.GCP_KMS;
import static dev.secretfn.check.FunctionFixture.GCS;
import static dev.secretfn.check.FunctionFixture.optional;
import static dev.secretfn.check.FunctionFixture.required;
import static dev.secretfn.check.FunctionFixture.secret;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each finding on crafted Google Cloud deployments: env files and gcloud env-vars YAML, through the CLI. */
class GcpDeploymentTest {
  static final String CANARY = "CANARY-plaintext-4f9b1c";
  static final String KEY = "projects/my-project/locations/global/keyRings/orders/cryptoKeys/db";

  @TempDir Path dir;
  Path jar;

  @BeforeEach
  void function() throws IOException {
    jar = FunctionFixture.in(dir)
        .secrets("app.OrderSecrets",
            required("DB_PASS"),
            secret("API_KEY", "Secret", true, "GCP", null),
            secret("DB_USER", "String", true, null, 300),
            required("CONFIG"),
            optional("PARTNER_KEY"))
        .component("app.OrdersComponent", "app.OrderSecrets", GCS, GCP_KMS, BERGLAS_SM)
        .jar(dir.resolve("orders.jar"));
  }

  @Test
  void goodDeployment_hasNoFindings_andExits0() throws IOException {
    CheckRun run = check(envFile(
        "# the orders function",
        "",
        "DB_PASS=gs://secrets/orders/db.json?generation=7#password",
        "API_KEY=" + ciphertext(60),
        "KMS_CRYPTO_KEY_ID=" + KEY,
        "DB_USER=gs://secrets/orders/db.json#username",
        "CONFIG=sm://my-project/config#3",
        "UPSTREAM_URL=https://upstream.example/a=b"));

    assertThat(run.status).isZero();
    assertThat(run.lines()).containsExactly(
        "secretfn check: component app.OrdersComponent against env file " + dir.resolve("orders.env")
            + ": 5 declared secrets",
        "0 errors, 0 warnings");
  }

  @Test
  void missingRequiredVariable_isAnError_andAnUnsetOptionalOneIsFine() throws IOException {
    CheckRun run = check(envFile(
        "API_KEY=" + ciphertext(60),
        "KMS_CRYPTO_KEY_ID=" + KEY,
        "DB_USER=gs://secrets/orders/db.json#username",
        "CONFIG=sm://my-project/config#3"));

    assertThat(run.status).isEqualTo(1);
    assertThat(run.lines()).containsExactly(run.lines().get(0),
        "ERROR DB_PASS: the variable is not set; fix: set DB_PASS to a reference (see docs/references.md), or"
            + " declare it optional",
        "1 error, 0 warnings");
  }

  @Test
  void unparsableValue_givesTheParsersOwnMessage() throws IOException {
    CheckRun run = check(envFile(
        "DB_PASS=gs://secrets/orders/db.json?generation=0#password",
        "API_KEY=" + ciphertext(60),
        "KMS_CRYPTO_KEY_ID=" + KEY,
        "DB_USER=gs:/secrets/orders/db.json#username",
        "CONFIG=sm://my-project/config#3"));

    assertThat(run.status).isEqualTo(1);
    assertThat(run.lines()).contains(
        "ERROR DB_PASS: invalid gs:// reference: the generation must be a positive decimal number without sign or"
            + " leading zeros; fix: write the value in"
            + " a form from docs/references.md",
        "ERROR DB_USER: malformed reference: a scheme must be followed by '://'; fix: write the value in a form"
            + " from docs/references.md",
        "2 errors, 0 warnings");
  }

  @Test
  void schemeOfAStoreTheComponentDoesNotBind_namesTheModuleToAdd() throws IOException {
    CheckRun run = check(envFile(
        "DB_PASS=s3://secrets/orders/db.json?versionId=3#password",
        "API_KEY=" + ciphertext(60),
        "KMS_CRYPTO_KEY_ID=" + KEY,
        "DB_USER=gs://secrets/orders/db.json#username",
        "CONFIG=sm://my-project/config#3"));

    assertThat(run.status).isEqualTo(1);
    assertThat(run.lines().get(1)).startsWith("ERROR DB_PASS: 's3://' references need S3Module from"
        + " secretfn-aws-s3 (this component reads ").contains("gcp-kms://, gs://")
        .endsWith("; fix: add S3Module from secretfn-aws-s3 to your component");
  }

  @Test
  void plaintextValues_areErrors_thatNeverShowTheValueOrItsLength() throws IOException {
    String shortBase64 = Base64.getEncoder().encodeToString(CANARY.getBytes(UTF_8)); // canonical, 22 bytes
    CheckRun run = check(envFile(
        "DB_PASS=" + CANARY,
        "API_KEY=" + CANARY,
        "KMS_CRYPTO_KEY_ID=" + KEY,
        "DB_USER=" + shortBase64,
        "CONFIG=" + CANARY + "=with=equals"));

    assertThat(run.status).isEqualTo(1);
    assertThat(run.lines()).contains(
        "ERROR API_KEY: is declared to hold a bare Cloud KMS ciphertext, but its value is no canonical Cloud KMS"
            + " ciphertext (the ciphertext uses the URL-safe base64 alphabet: use standard base64 ('+' and '/',"
            + " padded with '=')): it looks like a plaintext secret, which must never be in a deployment's"
            + " variables; fix: store the secret (deploy/gcp/put-*-secret.sh, deploy/aws/put-*-secret.sh) or"
            + " encrypt it (encrypt-env.sh), and set API_KEY to the reference or ciphertext",
        "ERROR DB_PASS: holds no reference (no scheme://) and is not declared encrypted: it looks like a plaintext"
            + " secret, which must never be in a deployment's variables; fix: store the secret"
            + " (deploy/gcp/put-*-secret.sh, deploy/aws/put-*-secret.sh) or encrypt it (encrypt-env.sh), and set"
            + " DB_PASS to the reference or ciphertext",
        "4 errors, 0 warnings");
    assertThat(run.out).contains("ERROR CONFIG: holds no reference").contains("ERROR DB_USER: holds no reference");
    run.leaksNone(CANARY, shortBase64);
    assertThat(run.out).doesNotContain("bytes").doesNotContain("length");
  }

  @Test
  void shortCanonicalBase64_inAnEncryptedVariable_isPlaintext() throws IOException {
    String key = Base64.getEncoder().encodeToString(new byte[32]); // openssl rand -base64 32
    CheckRun run = check(envFile(
        "DB_PASS=gs://secrets/orders/db.json?generation=7#password",
        "API_KEY=" + key,
        "KMS_CRYPTO_KEY_ID=" + KEY,
        "DB_USER=gs://secrets/orders/db.json#username",
        "CONFIG=sm://my-project/config#3"));

    assertThat(run.lines()).contains("ERROR API_KEY: is declared to hold a bare Cloud KMS ciphertext, but its value"
        + " is no canonical Cloud KMS ciphertext (too short to be one): it looks like a plaintext secret, which"
        + " must never be in a deployment's variables; fix: store the secret (deploy/gcp/put-*-secret.sh,"
        + " deploy/aws/put-*-secret.sh) or encrypt it (encrypt-env.sh), and set API_KEY to the reference or"
        + " ciphertext");
    run.leaksNone(key);
  }

  @Test
  void bareCiphertextWithoutItsKeyVariable_saysWhatStartUpSays() throws IOException {
    CheckRun run = check(envFile(
        "DB_PASS=gs://secrets/orders/db.json?generation=7#password",
        "API_KEY=" + ciphertext(60),
        "DB_USER=gs://secrets/orders/db.json#username",
        "CONFIG=sm://my-project/config#3"));

    assertThat(run.lines()).contains("ERROR API_KEY: cannot be read as a bare Cloud KMS ciphertext:"
        + " KMS_CRYPTO_KEY_ID is not set: set it to the CryptoKey name, or write the value as"
        + " gcp-kms://KEY?ciphertext=BASE64; fix: write the value in a form from docs/references.md");
  }

  @Test
  void refreshingDeclarationOnAPinnedReference_isTheStartUpError() throws IOException {
    CheckRun run = check(envFile(
        "DB_PASS=gs://secrets/orders/db.json?generation=7#password",
        "API_KEY=" + ciphertext(60),
        "KMS_CRYPTO_KEY_ID=" + KEY,
        "DB_USER=gs://secrets/orders/db.json?generation=7#username",
        "CONFIG=sm://my-project/config#3"));

    assertThat(run.lines()).contains("ERROR DB_USER: DB_USER is declared refreshing but its reference is pinned to"
        + " one version, which no refresh can change; fix: drop the version from the reference to let it refresh"
        + " (a ciphertext in the variable never changes: keep the secret in a store), or declare DB_USER without"
        + " @Refresh");
  }

  @Test
  void unpinnedReference_isAWarning_andExits0() throws IOException {
    CheckRun run = check(envFile(
        "DB_PASS=gs://secrets/orders/db.json#password",
        "API_KEY=" + ciphertext(60),
        "KMS_CRYPTO_KEY_ID=" + KEY,
        "DB_USER=gs://secrets/orders/db.json#username",
        "CONFIG=sm://my-project/config"));

    assertThat(run.status).isZero();
    assertThat(run.lines()).containsExactly(run.lines().get(0),
        "WARNING CONFIG: reads sm://my-project/config at whatever version is current when an instance starts, so"
            + " a new version reaches every new instance at once, with no rollout; fix: pin a version (see"
            + " docs/references.md)",
        "WARNING DB_PASS: reads gs://secrets/orders/db.json#password at whatever version is current when an"
            + " instance starts, so a new version reaches every new instance at once, with no rollout; fix: pin a"
            + " version (see docs/references.md)",
        "0 errors, 2 warnings");
  }

  @Test
  void envVarsYaml_isCheckedLikeAnEnvFile() throws IOException {
    Path yaml = Files.writeString(dir.resolve("env.yaml"), String.join("\n",
        "DB_PASS: " + CANARY,
        "API_KEY: \"" + ciphertext(60) + "\"",
        "KMS_CRYPTO_KEY_ID: " + KEY,
        "DB_USER: 'gs://secrets/orders/db.json#username'",
        "UPSTREAM_URL: https://upstream.example",
        ""), UTF_8);

    CheckRun run = CheckRun.of("--jar", jar.toString(), "--env-vars-file", yaml.toString());

    assertThat(run.status).isEqualTo(1);
    assertThat(run.lines()).containsExactly(
        "secretfn check: component app.OrdersComponent against env-vars file " + yaml + ": 5 declared secrets",
        "ERROR CONFIG: the variable is not set; fix: set CONFIG to a reference (see docs/references.md), or"
            + " declare it optional",
        run.lines().get(2),
        "2 errors, 0 warnings");
    assertThat(run.lines().get(2)).startsWith("ERROR DB_PASS: holds no reference (no scheme://)");
    run.leaksNone(CANARY);
  }

  @Test
  void variablesTheFunctionDoesNotDeclare_areNotLookedAt() throws IOException {
    CheckRun run = check(envFile(
        "DB_PASS=gs://secrets/orders/db.json?generation=7#password",
        "API_KEY=" + ciphertext(60),
        "KMS_CRYPTO_KEY_ID=" + KEY,
        "DB_USER=gs://secrets/orders/db.json#username",
        "CONFIG=sm://my-project/config#3",
        "LOG_LEVEL=" + CANARY));

    assertThat(run.status).isZero();
    assertThat(run.lines()).hasSize(2);
    run.leaksNone(CANARY);
  }

  private CheckRun check(Path envFile) {
    return CheckRun.of("--jar", jar.toString(), "--env-file", envFile.toString());
  }

  private Path envFile(String... lines) throws IOException {
    return Files.writeString(dir.resolve("orders.env"), String.join("\n", lines) + "\n", UTF_8);
  }

  /** Random bytes in canonical base64: the shape of a KMS ciphertext (the check decrypts nothing). */
  static String ciphertext(int bytes) {
    byte[] random = new byte[bytes];
    new Random(bytes).nextBytes(random);
    return Base64.getEncoder().encodeToString(random);
  }
}
