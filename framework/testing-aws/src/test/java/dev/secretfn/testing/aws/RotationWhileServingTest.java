package dev.secretfn.testing.aws;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.testing.emulator.RotationReads;
import dev.secretfn.testing.emulator.RotationReads.Read;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The AWS emulators rotate a secret while they serve reads on other threads: every answer is the old value or the
 * new one, whole, and reads begun after the rotation returned answer the new one.
 */
class RotationWhileServingTest {
  private static final int READERS = 4;
  private static final String OLD = "old-" + "o".repeat(4096);
  private static final String NEW = "new-" + "n".repeat(4096);

  @Test
  void secretsManagerRotate_whileServing_movesAwsCurrentWithoutATornAnswer() throws Exception {
    try (SecretsManagerEmulator sm = SecretsManagerEmulator.start()) {
      sm.createSecret("prod/db", OLD);
      String first = sm.versionWithLabel("prod/db", SecretsManagerEmulator.CURRENT).orElseThrow();
      WireClient http = new WireClient(sm.endpoint());
      String[] rotated = new String[1];

      List<Read<String>> reads = RotationReads.during(READERS, () -> secretString(http, "{\"SecretId\":\"prod/db\"}"),
          () -> rotated[0] = sm.rotate("prod/db", NEW));

      assertOldOrNewThenNew(reads);
      assertThat(sm.versionWithLabel("prod/db", SecretsManagerEmulator.CURRENT)).hasValue(rotated[0]);
      assertThat(sm.versionWithLabel("prod/db", SecretsManagerEmulator.PENDING)).hasValue(rotated[0]);
      assertThat(sm.versionWithLabel("prod/db", SecretsManagerEmulator.PREVIOUS)).hasValue(first);
      assertThat(secretString(http, "{\"SecretId\":\"prod/db\",\"VersionStage\":\"AWSPREVIOUS\"}")).isEqualTo(OLD);
    }
  }

  @Test
  void s3PutObject_whileServing_newVersionIsReadWithoutATornAnswer() throws Exception {
    try (S3Emulator s3 = S3Emulator.start()) {
      String first = s3.putObject("secrets", "app/db.json", OLD.getBytes(UTF_8));
      WireClient http = new WireClient(s3.endpoint());

      List<Read<String>> reads = RotationReads.during(READERS, () -> ok(http.get("/secrets/app/db.json")),
          () -> s3.putObject("secrets", "app/db.json", NEW.getBytes(UTF_8)));

      assertOldOrNewThenNew(reads);
      assertThat(ok(http.get("/secrets/app/db.json?versionId=" + first))).as("the old version stays").isEqualTo(OLD);
    }
  }

  @Test
  void ssmPutParameter_whileServing_newVersionIsReadWithoutATornAnswer() throws Exception {
    try (SsmEmulator ssm = SsmEmulator.start()) {
      ssm.putSecureString("/app/db", OLD, "alias/aws/ssm");
      WireClient http = new WireClient(ssm.endpoint());

      List<Read<String>> reads = RotationReads.during(READERS, () -> parameter(http, "/app/db"),
          () -> ssm.putSecureString("/app/db", NEW, "alias/aws/ssm"));

      assertOldOrNewThenNew(reads);
      assertThat(parameter(http, "/app/db:1")).isEqualTo(OLD);
    }
  }

  @Test
  void ssmLabelMove_whileServing_labelledReadsSeeOneVersionWhole() throws Exception {
    try (SsmEmulator ssm = SsmEmulator.start()) {
      ssm.putParameter("/app/key", "String", OLD);
      long next = ssm.putParameter("/app/key", "String", NEW);
      ssm.labelParameterVersion("/app/key", 1, "prod");
      WireClient http = new WireClient(ssm.endpoint());

      List<Read<String>> reads = RotationReads.during(READERS, () -> parameter(http, "/app/key:prod"),
          () -> ssm.labelParameterVersion("/app/key", next, "prod"));

      assertOldOrNewThenNew(reads);
    }
  }

  private static void assertOldOrNewThenNew(List<Read<String>> reads) {
    assertThat(reads).allSatisfy(r -> assertThat(r.value()).as("a whole value").isIn(OLD, NEW));
    assertThat(reads).filteredOn(r -> !r.afterRotation()).extracting(Read::value).contains(OLD);
    assertThat(reads).filteredOn(Read::afterRotation).isNotEmpty()
        .allSatisfy(r -> assertThat(r.value()).as("read after the rotation").isEqualTo(NEW));
  }

  private static String ok(HttpResponse<byte[]> response) {
    assertThat(response.statusCode()).as(WireClient.text(response)).isEqualTo(200);
    return WireClient.text(response);
  }

  private static String secretString(WireClient http, String body) throws Exception {
    HttpResponse<byte[]> response = http.send("POST", "/", body.getBytes(UTF_8),
        "Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "secretsmanager.GetSecretValue");
    ok(response);
    return (String) WireClient.json(response).get("SecretString");
  }

  @SuppressWarnings("unchecked")
  private static String parameter(WireClient http, String name) throws Exception {
    HttpResponse<byte[]> response = http.send("POST", "/",
        ("{\"Names\":[\"" + name + "\"],\"WithDecryption\":true}").getBytes(UTF_8),
        "Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", SsmEmulator.GET_PARAMETERS);
    ok(response);
    List<Object> parameters = (List<Object>) WireClient.json(response).get("Parameters");
    assertThat(parameters).as(WireClient.text(response)).hasSize(1);
    return (String) ((Map<String, Object>) parameters.get(0)).get("Value");
  }
}
