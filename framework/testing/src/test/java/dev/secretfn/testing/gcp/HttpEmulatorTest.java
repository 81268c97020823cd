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

  @Test
  void close_releasesTheWorkerAndDispatcherThreads() throws Exception {
    long before = emulatorThreads();
    CloudKmsEmulator kms = CloudKmsEmulator.start();
    for (int i = 0; i < 3; i++) {
      new WireClient(kms.endpoint()).postJson("/v1/x:encrypt", "{}");
    }
    assertThat(emulatorThreads()).isGreaterThan(before);

    kms.close();

    long deadline = System.nanoTime() + 2_000_000_000L;
    while (emulatorThreads() > before && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(emulatorThreads()).isEqualTo(before);
  }

  private static long emulatorThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("cloud-kms-emulator-") || name.equals("HTTP-Dispatcher"))
        .count();
  }
}
