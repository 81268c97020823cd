package dev.secretfn.deploy;

import static dev.secretfn.deploy.ScriptConventionsTest.AWS_KEY_ARN;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.Kms;
import dev.secretfn.aws.kms.AwsKmsCiphertext;
import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.ReferenceParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/aws/encrypt-env.sh against the recording aws stand-in. */
class AwsEncryptEnvTest {
  private static final ReferenceParser PARSER = AwsReferences.parser();

  /** Bytes that a careless script would mangle: spaces, '=', ',', non-ASCII and a trailing newline. */
  static final byte[] SECRET = "weather-api = kéy, not trimmed\n".getBytes(UTF_8);
  static final List<String> ENCRYPT = List.of("aws", "kms", "encrypt", "--key-id", AWS_KEY_ARN,
      "--plaintext", "fileb:///dev/stdin", "--encryption-context", "LambdaFunctionName=orders-weather",
      "--query", "CiphertextBlob", "--output", "text");

  @TempDir Path dir;
  Sandbox sandbox;

  @BeforeEach
  void setUp() throws IOException {
    sandbox = Sandbox.create(dir, Platform.AWS);
  }

  @Test
  void encrypt_default_printsTheConsoleFormBareBase64WithTheFunctionNameAsContext() throws ReferenceException {
    Sandbox.Result result =
        sandbox.run("encrypt-env.sh", SECRET, "--key", AWS_KEY_ARN, "--function", "orders-weather");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.commands()).containsExactly(ENCRYPT);
    assertThat(result.call(0).stdin()).as("what aws read from fileb:///dev/stdin").isEqualTo(SECRET);
    assertThat(result.call(0).env()).as("no pager that could wait for a key press").containsEntry("AWS_PAGER", "");
    assertThat(result.stdout()).as("one line of base64, no newline").matches("[A-Za-z0-9+/]+=*");
    byte[] blob = Base64.getDecoder().decode(result.stdout());
    assertThat(Base64.getEncoder().encodeToString(blob)).as("canonical padded base64").isEqualTo(result.stdout());
    assertThat(FakeKms.decrypt(blob)).isEqualTo(SECRET);
    assertThat(PARSER.parseCiphertext("API_KEY", result.stdout(), Kms.AWS, Environment.of(Map.of())))
        .as("a variable declared @Encrypted(Kms.AWS) accepts it")
        .isEqualTo(new AwsKmsCiphertext(Optional.empty(), result.stdout()));
    sandbox.assertSecretNotLeaked(result, SECRET);
  }

  @Test
  void reference_printsAnAwsKmsReferenceNamingTheKey() throws ReferenceException {
    Sandbox.Result result = sandbox.run("encrypt-env.sh", SECRET,
        "--key", "alias/orders-secrets", "--function", "orders-weather", "--reference", "--region", "eu-west-1");

    assertThat(result.exit()).as("%s", result).isZero();
    List<String> expected = new ArrayList<>(ENCRYPT);
    expected.set(4, "alias/orders-secrets");
    expected.addAll(List.of("--region", "eu-west-1"));
    assertThat(result.commands()).containsExactly(expected);
    assertThat(result.stdout()).matches("aws-kms://alias/orders-secrets\\?ciphertext=[A-Za-z0-9+/]+=*");
    String base64 = result.stdout().substring(result.stdout().indexOf("?ciphertext=") + 12);
    assertThat(FakeKms.decrypt(Base64.getDecoder().decode(base64))).isEqualTo(SECRET);
    assertThat(PARSER.parse("API_KEY", result.stdout())).as("what secretfn reads back")
        .isEqualTo(new AwsKmsCiphertext(Optional.of("alias/orders-secrets"), base64));
    sandbox.assertSecretNotLeaked(result, SECRET);
  }

  @Test
  void noContext_leavesOutTheEncryptionContextAndSaysWhatTheFunctionMustBind() {
    Sandbox.Result result = sandbox.run("encrypt-env.sh", SECRET, "--key", AWS_KEY_ARN, "--no-context");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.commands()).containsExactly(List.of("aws", "kms", "encrypt", "--key-id", AWS_KEY_ARN,
        "--plaintext", "fileb:///dev/stdin", "--query", "CiphertextBlob", "--output", "text"));
    assertThat(result.stderr()).contains("EncryptionContext.none()");
    assertThat(FakeKms.decrypt(Base64.getDecoder().decode(result.stdout()))).isEqualTo(SECRET);
    sandbox.assertSecretNotLeaked(result, SECRET);
  }

  @Test
  void kmsFailure_exitsNonZeroAndPrintsNothing() {
    Sandbox.Result result = sandbox.env("STANDIN_FAIL", "kms encrypt")
        .run("encrypt-env.sh", SECRET, "--key", AWS_KEY_ARN, "--function", "orders-weather");

    assertThat(result.exit()).as("%s", result).isNotZero();
    assertThat(result.stdout()).isEmpty();
    sandbox.assertSecretNotLeaked(result, SECRET);
  }

  @Test
  void secretGivenAsArgument_isRefusedWithoutRepeatingIt() {
    Sandbox.Result result = sandbox.run("encrypt-env.sh", "",
        "--key", AWS_KEY_ARN, "--function", "orders-weather", "hunter2");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.stderr()).contains("unexpected argument").doesNotContain("hunter2");
    assertThat(result.calls()).isEmpty();
  }

  @Test
  void contextChoices_areUsageErrors() {
    Sandbox.Result both = sandbox.run("encrypt-env.sh", SECRET,
        "--key", AWS_KEY_ARN, "--function", "orders-weather", "--no-context");
    Sandbox.Result neither = sandbox.run("encrypt-env.sh", SECRET, "--key", AWS_KEY_ARN);
    Sandbox.Result arn = sandbox.run("encrypt-env.sh", SECRET, "--key", AWS_KEY_ARN,
        "--function", "arn:aws:lambda:eu-west-1:111122223333:function:orders-weather");

    assertThat(both.stderr()).contains("--function and --no-context exclude each other");
    assertThat(neither.stderr()).contains("missing required option --function");
    assertThat(arn.stderr()).contains("is not a Lambda function name").contains("the name, not the ARN");
    for (Sandbox.Result result : List.of(both, neither, arn)) {
      assertThat(result.exit()).as("%s", result).isEqualTo(2);
      assertThat(result.calls()).isEmpty();
    }
  }

  @Test
  void malformedKeyOrRegion_isAUsageError() {
    Sandbox.Result badKey = sandbox.run("encrypt-env.sh", SECRET, "--key", "orders-secrets",
        "--function", "orders-weather");
    Sandbox.Result badRegion = sandbox.run("encrypt-env.sh", SECRET, "--key", AWS_KEY_ARN,
        "--function", "orders-weather", "--region", "Ireland");

    assertThat(badKey.exit()).isEqualTo(2);
    assertThat(badKey.stderr()).contains("'orders-secrets' is not a KMS key");
    assertThat(badRegion.exit()).isEqualTo(2);
    assertThat(badRegion.stderr()).contains("'Ireland' is not an AWS region");
    assertThat(badKey.calls()).isEmpty();
    assertThat(badRegion.calls()).isEmpty();
  }

  @Test
  void dryRun_printsThePipeline() {
    Sandbox.Result result = sandbox.run("encrypt-env.sh", "",
        "--key", AWS_KEY_ARN, "--function", "orders-weather", "--dry-run");

    assertThat(result.exit()).isZero();
    assertThat(result.stdout()).isEqualTo(
        "# the value of a variable of orders-weather is read from stdin and piped into:\n"
            + String.join(" ", ENCRYPT) + " | tr -d '\\r\\n'\n");
    assertThat(result.calls()).isEmpty();
  }
}
