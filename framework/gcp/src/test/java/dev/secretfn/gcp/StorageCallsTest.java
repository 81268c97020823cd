package dev.secretfn.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.http.HttpHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which CRC32C a download declares for the bytes it carries, as Cloud Storage spells its headers. */
class StorageCallsTest {
  @Test
  void declaredCrc32c_oneHeaderPerHash_readsTheCrc32c() {
    HttpHeaders headers = new HttpHeaders()
        .set("x-goog-hash", List.of("crc32c=n03x6A==", "md5=XrY7u+Ae7tCTyyK7j1rNww=="))
        .set("x-goog-stored-content-encoding", "identity");

    assertThat(StorageCalls.declaredCrc32c(headers)).isEqualTo("n03x6A==");
  }

  @Test
  void declaredCrc32c_hashesInOneHeader_readsTheCrc32c() {
    HttpHeaders headers = new HttpHeaders().set("x-goog-hash", "md5=XrY7u+Ae7tCTyyK7j1rNww==, crc32c=n03x6A==");

    assertThat(StorageCalls.declaredCrc32c(headers)).isEqualTo("n03x6A==");
  }

  @Test
  void declaredCrc32c_objectStoredGzipped_isNone() {
    // The hash covers the stored (compressed) bytes, not the ones served: nothing to compare with.
    HttpHeaders served = new HttpHeaders().set("x-goog-hash", "crc32c=n03x6A==")
        .set("x-goog-stored-content-encoding", "gzip");
    HttpHeaders compressed = new HttpHeaders().set("x-goog-hash", "crc32c=n03x6A==").setContentEncoding("gzip");

    assertThat(StorageCalls.declaredCrc32c(served)).isNull();
    assertThat(StorageCalls.declaredCrc32c(compressed)).isNull();
  }

  @Test
  void declaredCrc32c_noHash_isNone() {
    assertThat(StorageCalls.declaredCrc32c(new HttpHeaders().set("x-goog-hash", "md5=XrY7u+Ae7tCTyyK7j1rNww==")))
        .isNull();
    assertThat(StorageCalls.declaredCrc32c(new HttpHeaders())).isNull();
  }
}
