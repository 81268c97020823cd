package dev.secretfn.testing.gcp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.testing.emulator.RotationReads;
import dev.secretfn.testing.emulator.RotationReads.Read;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Google Cloud emulators rotate a secret while they serve reads on other threads: every answer is the old value
 * or the new one, whole, and reads begun after the rotation returned answer the new one.
 */
class RotationWhileServingTest {
  private static final int READERS = 4;
  private static final String OLD = "old-" + "o".repeat(4096);
  private static final String NEW = "new-" + "n".repeat(4096);
  private static final String SECRET = "projects/p/secrets/db-pass";

  @Test
  void secretManagerAddVersion_whileServing_latestMovesWithoutATornAnswer() throws Exception {
    try (SecretManagerEmulator sm = SecretManagerEmulator.start()) {
      sm.createSecret(SECRET);
      sm.addVersion(SECRET, OLD.getBytes(UTF_8));
      WireClient http = new WireClient(sm.endpoint());

      List<Read<String>> reads = RotationReads.during(READERS, () -> access(http, "latest"),
          () -> sm.addVersion(SECRET, NEW.getBytes(UTF_8)));

      assertOldOrNewThenNew(reads);
      assertThat(access(http, "1")).as("the old version stays").isEqualTo(OLD);
    }
  }

  @Test
  void cloudStoragePutObject_whileServing_newGenerationIsReadWithoutATornAnswer() throws Exception {
    try (CloudStorageEmulator gcs = CloudStorageEmulator.start()) {
      long first = gcs.putObject("secrets", "app/db.json", OLD.getBytes(UTF_8));
      WireClient http = new WireClient(gcs.endpoint());

      List<Read<String>> reads = RotationReads.during(READERS, () -> media(http, ""),
          () -> gcs.putObject("secrets", "app/db.json", NEW.getBytes(UTF_8)));

      assertOldOrNewThenNew(reads);
      assertThat(media(http, "&generation=" + first)).as("the old generation stays").isEqualTo(OLD);
    }
  }

  private static void assertOldOrNewThenNew(List<Read<String>> reads) {
    assertThat(reads).allSatisfy(r -> assertThat(r.value()).as("a whole value").isIn(OLD, NEW));
    assertThat(reads).filteredOn(r -> !r.afterRotation()).extracting(Read::value).contains(OLD);
    assertThat(reads).filteredOn(Read::afterRotation).isNotEmpty()
        .allSatisfy(r -> assertThat(r.value()).as("read after the rotation").isEqualTo(NEW));
  }

  @SuppressWarnings("unchecked")
  private static String access(WireClient http, String version) throws Exception {
    HttpResponse<byte[]> response = http.get("/v1/" + SECRET + "/versions/" + version + ":access");
    assertThat(response.statusCode()).as(new String(response.body(), UTF_8)).isEqualTo(200);
    Map<String, Object> payload = (Map<String, Object>) WireClient.json(response).get("payload");
    return new String(Base64.getDecoder().decode((String) payload.get("data")), UTF_8);
  }

  private static String media(WireClient http, String query) throws Exception {
    HttpResponse<byte[]> response = http.get("/download/storage/v1/b/secrets/o/app%2Fdb.json?alt=media" + query);
    assertThat(response.statusCode()).as(new String(response.body(), UTF_8)).isEqualTo(200);
    return new String(response.body(), UTF_8);
  }
}
