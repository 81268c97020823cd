package dev.secretfn.testing.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class HttpEmulatorTest {
  @Test
  void start_bindsLoopbackOnAnEphemeralPortAndSetsNodelay() {
    try (CloudStorageEmulator a = CloudStorageEmulator.start(); CloudKmsEmulator b = CloudKmsEmulator.start()) {
      assertThat(a.endpoint()).matches("http://127\\.0\\.0\\.1:\\d+");
      assertThat(a.endpoint()).isNotEqualTo(b.endpoint());
      assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
    }
  }

  @Test
  void keepAlive_sequentialRequestsOnOneConnection_doNotPayTheNagleDelay() throws Exception {
    try (CloudStorageEmulator gcs = CloudStorageEmulator.start()) {
      gcs.putObject("bucket", "object", new byte[100]);
      WireClient http = new WireClient(gcs.endpoint());
      http.get("/storage/v1/b/bucket/o/object"); // connect and warm up

      long start = System.nanoTime();
      for (int i = 0; i < 25; i++) {
        HttpResponse<byte[]> response = http.get("/download/storage/v1/b/bucket/o/object?alt=media");
        assertThat(response.statusCode()).isEqualTo(200);
      }
      long millis = (System.nanoTime() - start) / 1_000_000;

      // Without TCP_NODELAY each of these costs ~40 ms (about a second in all); with it, about a millisecond.
      assertThat(millis).isLessThan(500);
    }
  }
}
