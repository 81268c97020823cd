package dev.secretfn.bench.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.testing.gcp.CloudStorageEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The physical floor's one call makes exactly one request to the emulator and reads the whole body. */
class PhysicalFloorTest {
  @Test
  void fetch_objectOnTheEmulator_oneRequestWholeBody() throws Exception {
    try (CloudStorageEmulator gcs = CloudStorageEmulator.start()) {
      gcs.putObject("bench", "db.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

      int length = PhysicalFloor.fetch(gcs.endpoint() + "/download/storage/v1/b/bench/o/db.json?alt=media");

      assertThat(length).isEqualTo(7);
      assertThat(gcs.requests()).hasSize(1);
    }
  }

  @Test
  void fetch_notFound_fails() throws Exception {
    try (CloudStorageEmulator gcs = CloudStorageEmulator.start()) {
      assertThatThrownBy(() -> PhysicalFloor.fetch(gcs.endpoint() + "/download/storage/v1/b/bench/o/none?alt=media"))
          .isInstanceOf(IOException.class).hasMessageContaining("answered 404");
    }
  }
}
