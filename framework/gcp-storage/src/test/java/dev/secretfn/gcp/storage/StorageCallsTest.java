package dev.secretfn.gcp.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.http.HttpHeaders;
import dev.secretfn.gcp.storage.ObjectReader;
import dev.secretfn.gcp.storage.StorageCalls;
import java.util.List;
import java.util.Optional;
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
  void served_objectStoredGzipped_keepsTheHashAndBothEncodings() {
    // The hash covers the stored (compressed) bytes: ObjectReader decides what it can check.
    HttpHeaders compressed = new HttpHeaders().set("x-goog-hash", "crc32c=n03x6A==")
        .set("x-goog-stored-content-encoding", "gzip").setContentEncoding("gzip");
    HttpHeaders transcoded = new HttpHeaders().set("x-goog-hash", "crc32c=n03x6A==")
        .set("x-goog-stored-content-encoding", "GZIP");

    assertThat(StorageCalls.Served.of(compressed)).isEqualTo(new StorageCalls.Served(
        Optional.of("n03x6A=="), Optional.of("gzip"), Optional.of("gzip")));
    assertThat(StorageCalls.Served.of(transcoded)).isEqualTo(new StorageCalls.Served(
        Optional.of("n03x6A=="), Optional.empty(), Optional.of("gzip")));
  }

  @Test
  void served_identityOrNoEncoding_isEmpty() {
    HttpHeaders identity = new HttpHeaders().set("x-goog-stored-content-encoding", "identity")
        .setContentEncoding(" Identity ");

    assertThat(StorageCalls.Served.of(identity)).isEqualTo(StorageCalls.Served.NOTHING);
    assertThat(StorageCalls.Served.of(new HttpHeaders())).isEqualTo(StorageCalls.Served.NOTHING);
  }

  @Test
  void declaredCrc32c_noHash_isNone() {
    assertThat(StorageCalls.declaredCrc32c(new HttpHeaders().set("x-goog-hash", "md5=XrY7u+Ae7tCTyyK7j1rNww==")))
        .isNull();
    assertThat(StorageCalls.declaredCrc32c(new HttpHeaders())).isNull();
  }
}
