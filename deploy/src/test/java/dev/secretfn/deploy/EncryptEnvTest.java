package dev.secretfn.deploy;

import static dev.secretfn.deploy.ScriptConventionsTest.KEY;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptEnvTest {
  /** Bytes that a careless script would mangle: spaces, '=', ',', non-ASCII and a trailing newline. */
  static final byte[] SECRET = "hunter2 = pässwörd, not trimmed\n".getBytes(UTF_8);
  static final List<String> ENCRYPT = List.of("gcloud", "kms", "encrypt", "--project=my-proj",
      "--location=global", "--keyring=secretfn", "--key=fn-orders", "--plaintext-file=-", "--ciphertext-file=-");

  @TempDir Path dir;
  Sandbox sandbox;

  @BeforeEach
  void setUp() throws IOException {
    sandbox = Sandbox.create(dir, Platform.GCP);
  }

  @Test
  void encrypt_default_printsAGcpKmsReferenceWhoseCiphertextDecryptsToStdin() {
    Sandbox.Result result = sandbox.run("encrypt-env.sh", SECRET, "--key", KEY, "--name", "DB_PASS");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.commands()).containsExactly(ENCRYPT);
    assertThat(result.call(0).stdin()).as("what gcloud read on stdin").isEqualTo(SECRET);
    assertThat(result.stdout()).matches("gcp-kms://" + KEY + "\\?ciphertext=[A-Za-z0-9+/]+=*");
    String base64 = result.stdout().substring(result.stdout().indexOf("?ciphertext=") + 12);
    assertThat(Base64.getEncoder().encodeToString(Base64.getDecoder().decode(base64)))
        .as("canonical padded base64").isEqualTo(base64);
    assertThat(FakeKms.decrypt(Base64.getDecoder().decode(base64))).isEqualTo(SECRET);
    sandbox.assertSecretNotLeaked(result, SECRET);
  }

  @Test
  void bindName_passesTheVariableNameAsAdditionalAuthenticatedDataAndRemovesTheFile() {
    Sandbox.Result result =
        sandbox.run("encrypt-env.sh", SECRET, "--key", KEY, "--name", "DB_PASS", "--bind-name");

    assertThat(result.exit()).as("%s", result).isZero();
    List<String> argv = result.call(0).argv();
    assertThat(argv.subList(0, ENCRYPT.size())).isEqualTo(ENCRYPT);
    assertThat(argv).hasSize(ENCRYPT.size() + 1);
    assertThat(argv.get(ENCRYPT.size()))
        .startsWith("--additional-authenticated-data-file=" + sandbox.tmp + "/secretfn-deploy.");
    assertThat(result.call(0).file("additional-authenticated-data-file")).isEqualTo("DB_PASS");
    assertThat(result.stdout()).startsWith("gcp-kms://" + KEY + "?ciphertext=");
    sandbox.assertSecretNotLeaked(result, SECRET);
  }

  @Test
  void bare_printsOnlyTheBase64CiphertextAndSaysToSetTheKeyVariable() {
    Sandbox.Result result = sandbox.run("encrypt-env.sh", SECRET, "--key", KEY, "--name", "DB_PASS", "--bare");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.stdout()).matches("[A-Za-z0-9+/]+=*");
    assertThat(FakeKms.decrypt(Base64.getDecoder().decode(result.stdout()))).isEqualTo(SECRET);
    assertThat(result.stderr()).contains("KMS_CRYPTO_KEY_ID=" + KEY);
    sandbox.assertSecretNotLeaked(result, SECRET);
  }

  @Test
  void envLine_printsNameEqualsValueAndOneNewline() {
    Sandbox.Result result =
        sandbox.run("encrypt-env.sh", SECRET, "--key", KEY, "--name", "DB_PASS", "--env-line");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.stdout()).matches("DB_PASS=gcp-kms://" + KEY + "\\?ciphertext=[A-Za-z0-9+/]+=*\n");
  }

  @Test
  void kmsFailure_exitsNonZeroAndPrintsNothing() {
    Sandbox.Result result =
        sandbox.env("STANDIN_FAIL", "kms encrypt").run("encrypt-env.sh", SECRET, "--key", KEY, "--name", "X");

    assertThat(result.exit()).as("%s", result).isNotZero();
    assertThat(result.stdout()).isEmpty();
    sandbox.assertSecretNotLeaked(result, SECRET);
  }

  @Test
  void secretGivenAsArgument_isRefusedWithoutRepeatingIt() {
    Sandbox.Result result = sandbox.run("encrypt-env.sh", "", "--key", KEY, "--name", "DB_PASS", "hunter2");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.stderr()).contains("unexpected argument").doesNotContain("hunter2");
    assertThat(result.calls()).isEmpty();
  }

  @Test
  void keyVersion_isAUsageErrorThatExplainsWhy() {
    Sandbox.Result result = sandbox.run(
        "encrypt-env.sh", SECRET, "--key", KEY + "/cryptoKeyVersions/1", "--name", "DB_PASS");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.stderr()).contains("without '/cryptoKeyVersions/...'");
    assertThat(result.calls()).isEmpty();
  }

  @Test
  void malformedKeyOrName_isAUsageError() {
    Sandbox.Result badKey = sandbox.run("encrypt-env.sh", SECRET, "--key", "fn-orders", "--name", "DB_PASS");
    Sandbox.Result badName = sandbox.run("encrypt-env.sh", SECRET, "--key", KEY, "--name", "DB-PASS");

    assertThat(badKey.exit()).isEqualTo(2);
    assertThat(badKey.stderr()).contains("is not a CryptoKey name of the form projects/");
    assertThat(badName.exit()).isEqualTo(2);
    assertThat(badName.stderr()).contains("'DB-PASS' is not an environment variable name");
    assertThat(badKey.calls()).isEmpty();
    assertThat(badName.calls()).isEmpty();
  }

  @Test
  void dryRun_printsThePipelineWithTheAdditionalDataFile() {
    Sandbox.Result result =
        sandbox.run("encrypt-env.sh", "", "--key", KEY, "--name", "DB_PASS", "--bind-name", "--dry-run");

    assertThat(result.exit()).isZero();
    assertThat(result.stdout()).isEqualTo(
        "# the value of DB_PASS is read from stdin and piped into:\n"
            + "printf '%s' DB_PASS > aad.txt\n"
            + String.join(" ", ENCRYPT) + " --additional-authenticated-data-file=aad.txt"
            + " | base64 | tr -d '\\r\\n'\n"
            + "rm -f aad.txt\n");
    assertThat(result.calls()).isEmpty();
  }
}
