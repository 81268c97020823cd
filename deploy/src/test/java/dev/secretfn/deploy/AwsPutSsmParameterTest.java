package dev.secretfn.deploy;

import static dev.secretfn.deploy.ScriptConventionsTest.AWS_KEY_ARN;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/aws/put-ssm-parameter.sh against the recording aws stand-in (and the real java feed). */
class AwsPutSsmParameterTest {
  static final String SIGNING_KEY = "ssm-s1gning key = ünïcode, trailing newline\n";
  static final byte[] VALUE = SIGNING_KEY.getBytes(UTF_8);
  static final String HELPER = Platform.COMMON.resolve("SecretHelper.java").toString();
  static final List<String> PUT = List.of("aws", "ssm", "put-parameter", "--name", "/secretfn/orders/signing-key",
      "--type", "SecureString", "--value", "file:///dev/stdin", "--key-id", AWS_KEY_ARN, "--query", "Version",
      "--output", "text");

  @TempDir Path dir;
  Sandbox sandbox;

  @BeforeEach
  void setUp() throws IOException {
    sandbox = Sandbox.create(dir, Platform.AWS);
  }

  @Test
  void put_pipesTheValueIntoTheCliThroughStdinAndPrintsThePinnedReference() {
    Sandbox.Result result = sandbox.env("STANDIN_SSM_VERSION", "1").run("put-ssm-parameter.sh", VALUE,
        "--name", "/secretfn/orders/signing-key", "--kms-key", AWS_KEY_ARN);

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.commands()).containsExactly(feed(PUT), PUT);
    assertThat(result.call(1).stdin()).as("what the CLI read from file:///dev/stdin").isEqualTo(VALUE);
    assertThat(result.call(1).env()).containsEntry("AWS_PAGER", "");
    assertThat(result.stdout()).as("hierarchical name: three slashes, pinned to the written version")
        .isEqualTo("ssm:///secretfn/orders/signing-key?version=1");
    sandbox.assertSecretNotLeaked(result, VALUE);
  }

  @Test
  void overwriteAdvancedRegionAndField_areOneFlagEachAndTheReferenceNamesTheField() {
    byte[] json = ("{\"id\": \"hook-1\", \"secret\": \"" + SIGNING_KEY.trim() + "\"}").getBytes(UTF_8);
    Sandbox.Result result = sandbox.env("STANDIN_SSM_VERSION", "12").run("put-ssm-parameter.sh", json,
        "--name", "orders-webhook", "--field", "secret", "--overwrite", "--advanced", "--region", "eu-west-1");

    assertThat(result.exit()).as("%s", result).isZero();
    List<String> put = List.of("aws", "ssm", "put-parameter", "--name", "orders-webhook", "--type", "SecureString",
        "--value", "file:///dev/stdin", "--overwrite", "--tier", "Advanced", "--query", "Version", "--output", "text",
        "--region", "eu-west-1");
    assertThat(result.commands()).containsExactly(feed(put, "--json-field", "secret"), put);
    assertThat(result.stdout()).as("plain name: two slashes").isEqualTo("ssm://orders-webhook?version=12#secret");
    sandbox.assertSecretNotLeaked(result, SIGNING_KEY.trim().getBytes(UTF_8));
  }

  @Test
  void carriageReturnOrEmptyValue_writesNothing() {
    // The CLI reads file:// in text mode, which would turn CR LF into LF: refused before anything is sent.
    Sandbox.Result crlf = sandbox.run("put-ssm-parameter.sh", "line one\r\nline two".getBytes(UTF_8),
        "--name", "/secretfn/orders/signing-key");
    Sandbox.Result empty = sandbox.run("put-ssm-parameter.sh", new byte[0], "--name", "/secretfn/orders/signing-key");
    Sandbox.Result binary = sandbox.run("put-ssm-parameter.sh", new byte[] {(byte) 0xff, 0x01},
        "--name", "/secretfn/orders/signing-key");

    assertThat(crlf.stderr()).contains("not UTF-8 text without carriage returns");
    assertThat(empty.stderr()).contains("stdin is empty");
    assertThat(binary.stderr()).contains("not UTF-8 text");
    for (Sandbox.Result result : List.of(crlf, empty, binary)) {
      assertThat(result.exit()).as("%s", result).isNotZero();
      assertThat(result.commands()).as("the CLI never runs").allMatch(c -> c.get(0).equals("java"));
      assertThat(result.stdout()).isEmpty();
    }
    sandbox.assertSecretNotLeaked(crlf, "line one".getBytes(UTF_8));
  }

  @Test
  void existingParameterWithoutOverwrite_failsWithoutAReference() {
    Sandbox.Result result = sandbox.env("STANDIN_FAIL", "ssm put-parameter").run("put-ssm-parameter.sh", VALUE,
        "--name", "/secretfn/orders/signing-key");

    assertThat(result.exit()).isNotZero();
    assertThat(result.stdout()).isEmpty();
    sandbox.assertSecretNotLeaked(result, VALUE);
  }

  @Test
  void unreadableVersion_printsNoUnpinnedReference() {
    Sandbox.Result result = sandbox.env("STANDIN_SSM_VERSION", "None").run("put-ssm-parameter.sh", VALUE,
        "--name", "/secretfn/orders/signing-key");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.stderr()).contains("could not read the new version of /secretfn/orders/signing-key");
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void badNamesAndKeys_areUsageErrorsThatRunNothing() {
    Sandbox.Result reserved = sandbox.run("put-ssm-parameter.sh", VALUE, "--name", "/aws/reference/x");
    Sandbox.Result trailing = sandbox.run("put-ssm-parameter.sh", VALUE, "--name", "/orders/");
    Sandbox.Result spaces = sandbox.run("put-ssm-parameter.sh", VALUE, "--name", "/orders/signing key");
    Sandbox.Result key = sandbox.run("put-ssm-parameter.sh", VALUE, "--name", "/orders/k", "--kms-key", "my key");

    assertThat(reserved.stderr()).contains("reserved by AWS");
    assertThat(trailing.stderr()).contains("is not a parameter name");
    assertThat(spaces.stderr()).contains("is not a parameter name");
    assertThat(key.stderr()).contains("is not a KMS key");
    for (Sandbox.Result result : List.of(reserved, trailing, spaces, key)) {
      assertThat(result.exit()).as("%s", result).isEqualTo(2);
      assertThat(result.calls()).isEmpty();
    }
  }

  @Test
  void dryRun_printsTheCheckedPutAndTheReference() {
    Sandbox.Result result = sandbox.run("put-ssm-parameter.sh", "", "--name", "/secretfn/orders/signing-key",
        "--kms-key", AWS_KEY_ARN, "--dry-run");

    assertThat(result.exit()).isZero();
    assertThat(result.stdout()).isEqualTo(
        "# the value is read from stdin, checked by java " + HELPER + " feed --text --, and piped into:\n"
            + String.join(" ", PUT) + "\n"
            + "# prints: ssm:///secretfn/orders/signing-key?version=VERSION\n");
    assertThat(result.calls()).isEmpty();
  }

  private static List<String> feed(List<String> put, String... options) {
    List<String> command = new ArrayList<>(List.of("java", HELPER, "feed", "--text"));
    command.addAll(List.of(options));
    command.add("--");
    command.addAll(put);
    return command;
  }
}
