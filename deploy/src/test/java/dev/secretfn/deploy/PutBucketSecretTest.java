package dev.secretfn.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PutBucketSecretTest {
  static final String PASSWORD = "s3cr3t-p4ssw0rd-Ω";
  static final byte[] JSON =
      ("{\n  \"username\": \"orders\",\n  \"password\": \"" + PASSWORD + "\"\n}\n").getBytes(UTF_8);
  static final String NO_CACHE = "--cache-control=private, no-cache, no-store, no-transform, max-age=0";
  static final List<String> UPLOAD_JSON = List.of("gcloud", "storage", "cp", "-", "gs://my-secrets/orders/db.json",
      NO_CACHE, "--content-type=application/json", "--if-generation-match=0");

  @TempDir Path dir;
  Sandbox sandbox;

  @BeforeEach
  void setUp() throws IOException {
    sandbox = Sandbox.create(dir, Platform.GCP);
  }

  @Test
  void put_withField_uploadsTheBodyUnchangedThroughStdinAndPrintsTheFieldReference() {
    Sandbox.Result result = sandbox.run("put-bucket-secret.sh", JSON,
        "--bucket", "my-secrets", "--object", "orders/db.json", "--field", "password");

    assertThat(result.exit()).as("%s", result).isZero();
    List<String> helper = new ArrayList<>(List.of(
        "java", Platform.COMMON.resolve("SecretHelper.java").toString(), "feed", "--json-field", "password", "--"));
    helper.addAll(UPLOAD_JSON);
    assertThat(result.commands()).containsExactly(helper, UPLOAD_JSON);
    assertThat(result.call(1).stdin()).isEqualTo(JSON);
    assertThat(result.stdout()).isEqualTo("gs://my-secrets/orders/db.json#password");
    sandbox.assertSecretNotLeaked(result, PASSWORD.getBytes(UTF_8));
  }

  @Test
  void put_withoutField_uploadsAnyBytesExactly() {
    byte[] binary = {0, 1, 2, (byte) 0xff, '\n', 'k', 'e', 'y', '\n', '\n'};
    Sandbox.Result result =
        sandbox.run("put-bucket-secret.sh", binary, "--bucket", "my-secrets", "--object", "orders/keystore.p12");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.call(1).argv()).containsExactly("gcloud", "storage", "cp", "-",
        "gs://my-secrets/orders/keystore.p12", NO_CACHE, "--content-type=application/octet-stream",
        "--if-generation-match=0");
    assertThat(result.call(1).stdin()).isEqualTo(binary);
    assertThat(result.stdout()).isEqualTo("gs://my-secrets/orders/keystore.p12");
  }

  @Test
  void pin_describesTheGenerationAndPinsTheReference() {
    byte[] json = ("{\"pass#word\": \"" + PASSWORD + "\"}").getBytes(UTF_8);
    Sandbox.Result result = sandbox.env("STANDIN_GENERATION", "1700000000000777").run("put-bucket-secret.sh",
        json, "--bucket", "my-secrets", "--object", "orders/db 100%.json", "--field", "pass#word", "--pin",
        "--overwrite");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.call(1).argv()).doesNotContain("--if-generation-match=0");
    assertThat(result.call(2).argv()).containsExactly("gcloud", "storage", "objects", "describe",
        "gs://my-secrets/orders/db 100%.json", "--format=value(generation)");
    assertThat(result.stdout())
        .as("'%' and '#' percent-encoded as secretfn's parser expects")
        .isEqualTo("gs://my-secrets/orders/db 100%25.json?generation=1700000000000777#pass%23word");
  }

  @Test
  void missingField_uploadsNothingAndDoesNotQuoteTheBody() {
    Sandbox.Result result = sandbox.run("put-bucket-secret.sh", JSON,
        "--bucket", "my-secrets", "--object", "orders/db.json", "--field", "passwd");

    assertThat(result.exit()).isNotZero();
    assertThat(result.stderr()).contains("the JSON object has no field 'passwd'").contains("nothing was uploaded");
    assertThat(result.commands()).noneMatch(c -> c.get(0).equals("gcloud"));
    sandbox.assertSecretNotLeaked(result, PASSWORD.getBytes(UTF_8));
  }

  @Test
  void fieldThatIsNotAString_uploadsNothing() {
    byte[] json = "{\"password\": 12345}".getBytes(UTF_8);
    Sandbox.Result result = sandbox.run("put-bucket-secret.sh", json,
        "--bucket", "my-secrets", "--object", "orders/db.json", "--field", "password");

    assertThat(result.exit()).isNotZero();
    assertThat(result.stderr()).contains("field 'password' is a JSON number, expected a string");
    assertThat(result.commands()).noneMatch(c -> c.get(0).equals("gcloud"));
  }

  @Test
  void malformedJsonOrEmptyStdin_uploadsNothing() {
    byte[] truncated = ("{\"password\": \"" + PASSWORD).getBytes(UTF_8);
    Sandbox.Result bad = sandbox.run("put-bucket-secret.sh", truncated,
        "--bucket", "my-secrets", "--object", "orders/db.json", "--field", "password");
    Sandbox.Result empty =
        sandbox.run("put-bucket-secret.sh", new byte[0], "--bucket", "my-secrets", "--object", "orders/x");

    assertThat(bad.exit()).isNotZero();
    assertThat(bad.stderr()).contains("stdin is not valid JSON");
    assertThat(bad.commands()).noneMatch(c -> c.get(0).equals("gcloud"));
    sandbox.assertSecretNotLeaked(bad, PASSWORD.getBytes(UTF_8));
    assertThat(empty.exit()).isNotZero();
    assertThat(empty.stderr()).contains("stdin is empty");
    assertThat(empty.commands()).noneMatch(c -> c.get(0).equals("gcloud"));
  }

  @Test
  void uploadFailure_exitsNonZeroWithoutAReference() {
    Sandbox.Result result = sandbox.env("STANDIN_FAIL", "storage cp").run("put-bucket-secret.sh", JSON,
        "--bucket", "my-secrets", "--object", "orders/db.json", "--field", "password", "--pin");

    assertThat(result.exit()).isNotZero();
    assertThat(result.stdout()).isEmpty();
    assertThat(result.commands()).noneMatch(c -> c.contains("describe"));
  }

  @Test
  void objectNameThatGcloudWouldReadAsAWildcard_isAUsageError() {
    Sandbox.Result result =
        sandbox.run("put-bucket-secret.sh", JSON, "--bucket", "my-secrets", "--object", "orders/*.json");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.stderr()).contains("use an object name without * ? [ ] #");
    assertThat(result.calls()).isEmpty();
  }

  @Test
  void dryRun_printsTheCheckedUploadAndTheReference() {
    Sandbox.Result result = sandbox.run("put-bucket-secret.sh", "",
        "--bucket", "my-secrets", "--object", "orders/db.json", "--field", "password", "--dry-run");

    assertThat(result.exit()).isZero();
    assertThat(result.stdout()).isEqualTo(
        "# the object body is read from stdin, checked, and piped into the upload:\n"
            + "java " + Platform.COMMON.resolve("SecretHelper.java") + " feed --json-field password --"
            + " gcloud storage cp - gs://my-secrets/orders/db.json '" + NO_CACHE + "'"
            + " --content-type=application/json --if-generation-match=0\n"
            + "# prints: gs://my-secrets/orders/db.json#password\n");
  }
}
