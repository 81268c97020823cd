package dev.secretfn.gcp.storage.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.http.HttpHeaders;
import dev.secretfn.gcp.storage.internal.MediaHeaders;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a download declares about its body, read from the client's headers as Cloud Storage spells them. */
class StorageCallsTest {
  @Test
  void served_oneHeaderPerHash_readsTheCrc32c() {
    HttpHeaders headers = new HttpHeaders()
        .set("x-goog-hash", List.of("crc32c=n03x6A==", "md5=XrY7u+Ae7tCTyyK7j1rNww=="))
        .set("x-goog-stored-content-encoding", "identity");

    assertThat(StorageCalls.served(headers).crc32c()).contains("n03x6A==");
  }

  @Test
  void served_hashesInOneHeader_readsTheCrc32c() {
    HttpHeaders headers = new HttpHeaders().set("x-goog-hash", "md5=XrY7u+Ae7tCTyyK7j1rNww==, crc32c=n03x6A==");

    assertThat(StorageCalls.served(headers).crc32c()).contains("n03x6A==");
  }

  @Test
  void served_objectStoredGzipped_keepsTheHashAndBothEncodings() {
    HttpHeaders compressed = new HttpHeaders().set("x-goog-hash", "crc32c=n03x6A==")
        .set("x-goog-stored-content-encoding", "gzip").setContentEncoding("gzip");
    HttpHeaders transcoded = new HttpHeaders().set("x-goog-hash", "crc32c=n03x6A==")
        .set("x-goog-stored-content-encoding", "GZIP");

    assertThat(StorageCalls.served(compressed)).isEqualTo(new MediaHeaders(
        Optional.of("n03x6A=="), Optional.of("gzip"), Optional.of("gzip")));
    assertThat(StorageCalls.served(transcoded)).isEqualTo(new MediaHeaders(
        Optional.of("n03x6A=="), Optional.empty(), Optional.of("gzip")));
  }

  @Test
  void served_identityOrNoEncoding_isEmpty() {
    HttpHeaders identity = new HttpHeaders().set("x-goog-stored-content-encoding", "identity")
        .setContentEncoding(" Identity ");

    assertThat(StorageCalls.served(identity)).isEqualTo(MediaHeaders.NOTHING);
    assertThat(StorageCalls.served(new HttpHeaders())).isEqualTo(MediaHeaders.NOTHING);
  }

  @Test
  void served_noCrc32c_hasNone() {
    assertThat(StorageCalls.served(new HttpHeaders().set("x-goog-hash", "md5=XrY7u+Ae7tCTyyK7j1rNww==")).crc32c())
        .isEmpty();
  }
}
