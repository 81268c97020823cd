package dev.secretfn.check;

import static dev.secretfn.check.GcpDeploymentTest.KEY;
import static dev.secretfn.check.GcpDeploymentTest.ciphertext;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The descriptors secretfn-compiler itself wrote for this module's test component (package compiled: a
 * @SecretDeclarations interface and a Dagger @Component over CloudStorageModule and CloudKmsModule), read from the
 * test classes directory as from a function's classes directory.
 */
class CheckedFunctionTest {
  static final String CANARY = "CANARY-compiled-e1d0";

  @TempDir Path dir;

  @Test
  void processorOutput_isRead_andTheComponentsStoresDecideTheSchemes() throws Exception {
    Path classes = Path.of(CheckedFunctionTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(classes.resolve("META-INF/secretfn/components/dev.secretfn.check.compiled.CompiledComponent.json"))
        .isRegularFile();
    Path env = Files.writeString(dir.resolve("f.env"), String.join("\n",
        "DB_USER=gs://secrets/db.json?generation=4#user",
        "DB_PASS=s3://secrets/db.json?versionId=1",
        "API_KEY=" + CANARY,
        "KMS_CRYPTO_KEY_ID=" + KEY,
        ""), UTF_8);

    CheckRun run = CheckRun.of("--jar", classes.toString(), "--env-file", env.toString(), "--entry-point",
        "dev.secretfn.check.compiled.CompiledEntry");

    assertThat(run.status).isEqualTo(1);
    assertThat(run.lines()).containsExactly(
        "secretfn check: component dev.secretfn.check.compiled.CompiledComponent against env file " + env
            + ": 4 declared secrets",
        "ERROR API_KEY: is declared to hold a bare Cloud KMS ciphertext, but its value is no canonical Cloud KMS"
            + " ciphertext (the ciphertext uses the URL-safe base64 alphabet: use standard base64 ('+' and '/',"
            + " padded with '=')): it looks like a plaintext secret, which must never be in a deployment's"
            + " variables; fix: store the secret (deploy/gcp/put-*-secret.sh, deploy/aws/put-*-secret.sh) or"
            + " encrypt it (encrypt-env.sh), and set API_KEY to the reference or ciphertext",
        "ERROR DB_PASS: 's3://' references need S3Module from secretfn-aws-s3 (this component reads gcp-kms://,"
            + " gs://); fix: add S3Module from secretfn-aws-s3 to your component",
        "ERROR DB_USER: DB_USER is declared refreshing but its reference is pinned to one version, which no refresh"
            + " can change; fix: drop the version from the reference to let it refresh (a ciphertext in the"
            + " variable never changes: keep the secret in a store), or declare DB_USER without @Refresh",
        "3 errors, 0 warnings");
    run.leaksNone(CANARY);
  }

  @Test
  void processorOutput_withAGoodDeployment_passes() throws Exception {
    Path classes = Path.of(CheckedFunctionTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path env = Files.writeString(dir.resolve("f.env"), String.join("\n",
        "DB_USER=gs://secrets/db.json#user",
        "DB_PASS=gs://secrets/db.json?generation=4#password",
        "API_KEY=" + ciphertext(80),
        "KMS_CRYPTO_KEY_ID=" + KEY,
        ""), UTF_8);

    CheckRun run = CheckRun.of("--jar", classes.toString(), "--env-file", env.toString(), "--component",
        "dev.secretfn.check.compiled.CompiledComponent");

    assertThat(run.status).isZero();
    assertThat(run.lines()).endsWith("0 errors, 0 warnings").hasSize(2);
  }
}
