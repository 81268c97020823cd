package dev.secretfn.deploy;

import static dev.secretfn.deploy.ScriptConventionsTest.AWS_KEY_ARN;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.aws.s3.S3Object;
import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.ReferenceParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/aws/put-s3-secret.sh against the recording aws stand-in (and the real java for the checked feed). */
class AwsPutS3SecretTest {
  private static final ReferenceParser PARSER = AwsReferences.parser();

  static final String PASSWORD = "s3cr3t-p4ssw0rd-Ω";
  static final byte[] JSON =
      ("{\n  \"username\": \"orders\",\n  \"password\": \"" + PASSWORD + "\"\n}\n").getBytes(UTF_8);
  static final String OBJECT = "orders/credentials.json";
  static final List<String> HEAD = List.of("aws", "s3api", "head-object", "--bucket", "my-secrets", "--key", OBJECT);
  static final List<String> UPLOAD_JSON = List.of("aws", "s3", "cp", "-", "s3://my-secrets/" + OBJECT,
      "--sse", "aws:kms", "--sse-kms-key-id", AWS_KEY_ARN, "--content-type", "application/json", "--no-progress");
  static final String HELPER = Platform.COMMON.resolve("SecretHelper.java").toString();

  @TempDir Path dir;
  Sandbox sandbox;

  @BeforeEach
  void setUp() throws IOException {
    sandbox = Sandbox.create(dir, Platform.AWS);
  }

  @Test
  void put_withField_checksThatNothingIsThereThenUploadsUnderTheKeyAndPrintsTheFieldReference() {
    Sandbox.Result result = sandbox.run("put-s3-secret.sh", JSON,
        "--bucket", "my-secrets", "--object", OBJECT, "--kms-key", AWS_KEY_ARN, "--field", "password");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.commands()).containsExactly(HEAD, feed(UPLOAD_JSON, "--json-field", "password"), UPLOAD_JSON);
    assertThat(result.call(2).stdin()).as("the body, unchanged, through stdin").isEqualTo(JSON);
    assertThat(result.stdout()).isEqualTo("s3://my-secrets/orders/credentials.json#password");
    sandbox.assertSecretNotLeaked(result, PASSWORD.getBytes(UTF_8));
  }

  @Test
  void pin_readsTheNewVersionIdAndPinsTheReference() throws ReferenceException {
    Sandbox.Result result = sandbox.env("STANDIN_VERSION_ID", "Wg.3_x+y/z=-v1").run("put-s3-secret.sh", JSON,
        "--bucket", "s3://my-secrets", "--object", OBJECT, "--kms-key", AWS_KEY_ARN, "--field", "password",
        "--pin", "--region", "eu-west-1");

    assertThat(result.exit()).as("%s", result).isZero();
    List<String> head = withRegion(HEAD);
    List<String> version = new ArrayList<>(head);
    version.addAll(List.of("--query", "VersionId", "--output", "text"));
    List<String> upload = withRegion(UPLOAD_JSON);
    assertThat(result.commands()).containsExactly(head, feed(upload, "--json-field", "password"), upload, version);
    assertThat(result.stdout()).isEqualTo("s3://my-secrets/orders/credentials.json?versionId=Wg.3_x+y/z=-v1#password");
    assertThat(PARSER.parse("DB_PASS", result.stdout())).isEqualTo(new S3Object(
        "my-secrets", OBJECT, Optional.of("Wg.3_x+y/z=-v1"), Optional.of("password")));
    sandbox.assertSecretNotLeaked(result, PASSWORD.getBytes(UTF_8));
  }

  @Test
  void existingObject_isNotReplacedWithoutOverwrite() {
    Sandbox.Result refused = sandbox.env("STANDIN_EXISTING", "s3-object").run("put-s3-secret.sh", JSON,
        "--bucket", "my-secrets", "--object", OBJECT, "--kms-key", AWS_KEY_ARN, "--field", "password");
    Sandbox.Result replaced = sandbox.run("put-s3-secret.sh", JSON,
        "--bucket", "my-secrets", "--object", OBJECT, "--kms-key", AWS_KEY_ARN, "--field", "password",
        "--overwrite");

    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.stderr()).contains("s3://my-secrets/orders/credentials.json exists; give --overwrite");
    assertThat(refused.commands()).containsExactly(HEAD);
    assertThat(refused.stdout()).isEmpty();
    assertThat(replaced.exit()).as("%s", replaced).isZero();
    assertThat(replaced.commands()).containsExactly(feed(UPLOAD_JSON, "--json-field", "password"), UPLOAD_JSON);
    sandbox.assertSecretNotLeaked(replaced, PASSWORD.getBytes(UTF_8));
  }

  @Test
  void put_withoutField_uploadsAnyBytesExactly() {
    byte[] binary = {0, 1, 2, (byte) 0xff, '\n', 'k', 'e', 'y', '\n', '\n'};
    Sandbox.Result result = sandbox.run("put-s3-secret.sh", binary,
        "--bucket", "my-secrets", "--object", "orders/keystore.p12", "--kms-key", AWS_KEY_ARN);

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.call(2).argv()).containsExactly("aws", "s3", "cp", "-", "s3://my-secrets/orders/keystore.p12",
        "--sse", "aws:kms", "--sse-kms-key-id", AWS_KEY_ARN, "--content-type", "application/octet-stream",
        "--no-progress");
    assertThat(result.call(2).stdin()).isEqualTo(binary);
    assertThat(result.stdout()).isEqualTo("s3://my-secrets/orders/keystore.p12");
  }

  @Test
  void specialCharacters_arePassedRawAndPercentEncodedInTheReference() throws ReferenceException {
    byte[] json = ("{\"pass#word\": \"" + PASSWORD + "\"}").getBytes(UTF_8);
    Sandbox.Result result = sandbox.run("put-s3-secret.sh", json, "--bucket", "my-secrets",
        "--object", "orders/db 100%?.json", "--kms-key", AWS_KEY_ARN, "--field", "pass#word");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.call(2).argv()).contains("s3://my-secrets/orders/db 100%?.json");
    assertThat(result.stdout())
        .as("'%', '?' and '#' percent-encoded as secretfn's parser expects")
        .isEqualTo("s3://my-secrets/orders/db 100%25%3F.json#pass%23word");
    assertThat(PARSER.parse("DB_PASS", result.stdout())).as("what secretfn reads back")
        .isEqualTo(new S3Object("my-secrets", "orders/db 100%?.json", Optional.empty(), Optional.of("pass#word")));
  }

  @Test
  void missingFieldOrEmptyBody_uploadsNothingAndDoesNotQuoteTheBody() {
    Sandbox.Result missing = sandbox.run("put-s3-secret.sh", JSON,
        "--bucket", "my-secrets", "--object", OBJECT, "--kms-key", AWS_KEY_ARN, "--field", "passwd");
    Sandbox.Result empty = sandbox.run("put-s3-secret.sh", new byte[0],
        "--bucket", "my-secrets", "--object", OBJECT, "--kms-key", AWS_KEY_ARN);

    assertThat(missing.exit()).isNotZero();
    assertThat(missing.stderr()).contains("the JSON object has no field 'passwd'").contains("nothing was uploaded");
    assertThat(missing.commands()).noneMatch(c -> c.subList(0, 3).equals(List.of("aws", "s3", "cp")));
    sandbox.assertSecretNotLeaked(missing, PASSWORD.getBytes(UTF_8));
    assertThat(empty.exit()).isNotZero();
    assertThat(empty.stderr()).contains("stdin is empty");
    assertThat(empty.commands()).noneMatch(c -> c.subList(0, 3).equals(List.of("aws", "s3", "cp")));
  }

  @Test
  void unversionedBucket_failsThePinAfterTheUpload() {
    Sandbox.Result result = sandbox.env("STANDIN_VERSION_ID", "None").run("put-s3-secret.sh", JSON,
        "--bucket", "my-secrets", "--object", OBJECT, "--kms-key", AWS_KEY_ARN, "--field", "password", "--pin");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.stderr()).contains("was uploaded, but the bucket has no versioning");
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void uploadFailure_exitsNonZeroWithoutAReference() {
    Sandbox.Result result = sandbox.env("STANDIN_FAIL", "s3 cp").run("put-s3-secret.sh", JSON,
        "--bucket", "my-secrets", "--object", OBJECT, "--kms-key", AWS_KEY_ARN, "--field", "password", "--pin");

    assertThat(result.exit()).isNotZero();
    assertThat(result.stdout()).isEmpty();
    assertThat(result.commands()).noneMatch(c -> c.contains("VersionId"));
  }

  @Test
  void keyThatIsNotAnArn_orBadNames_areUsageErrors() {
    Sandbox.Result alias = sandbox.run("put-s3-secret.sh", JSON,
        "--bucket", "my-secrets", "--object", OBJECT, "--kms-key", "alias/orders-secrets");
    Sandbox.Result bucket = sandbox.run("put-s3-secret.sh", JSON,
        "--bucket", "My_Secrets", "--object", OBJECT, "--kms-key", AWS_KEY_ARN);
    Sandbox.Result dots = sandbox.run("put-s3-secret.sh", JSON,
        "--bucket", "my-secrets", "--object", "orders/../other.json", "--kms-key", AWS_KEY_ARN);

    assertThat(alias.stderr()).contains("is not a KMS key ARN");
    assertThat(bucket.stderr()).contains("'My_Secrets' is not an S3 bucket name");
    assertThat(dots.stderr()).contains("without '.' or '..' segments");
    for (Sandbox.Result result : List.of(alias, bucket, dots)) {
      assertThat(result.exit()).as("%s", result).isEqualTo(2);
      assertThat(result.calls()).isEmpty();
    }
  }

  @Test
  void dryRun_printsTheCheckTheCheckedUploadAndTheReference() {
    Sandbox.Result result = sandbox.run("put-s3-secret.sh", "", "--bucket", "my-secrets", "--object", OBJECT,
        "--kms-key", AWS_KEY_ARN, "--field", "password", "--pin", "--dry-run");

    assertThat(result.exit()).isZero();
    assertThat(result.stdout()).isEqualTo(
        "# stops if the object exists (no --overwrite):\n"
            + String.join(" ", HEAD) + "\n"
            + "# the object body is read from stdin, checked, and piped into the upload:\n"
            + "java " + HELPER + " feed --json-field password -- " + String.join(" ", UPLOAD_JSON) + "\n"
            + String.join(" ", HEAD) + " --query VersionId --output text\n"
            + "# prints: s3://my-secrets/orders/credentials.json?versionId=VERSION_ID#password\n");
  }

  /** The checked feed: SecretHelper.java runs {@code upload} with the body once it has checked it. */
  private static List<String> feed(List<String> upload, String... options) {
    List<String> command = new ArrayList<>(List.of("java", HELPER, "feed"));
    command.addAll(List.of(options));
    command.add("--");
    command.addAll(upload);
    return command;
  }

  private static List<String> withRegion(List<String> command) {
    List<String> with = new ArrayList<>(command);
    with.addAll(List.of("--region", "eu-west-1"));
    return with;
  }
}
