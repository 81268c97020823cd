package dev.secretfn.gcp.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a download declares about its body, as Cloud Storage spells its headers. */
class MediaHeadersTest {
  @Test
  void of_oneHeaderPerHash_readsTheCrc32c() {
    assertThat(MediaHeaders.of(List.of("md5=XrY7u+Ae7tCTyyK7j1rNww==", "crc32c=n03x6A=="), null, "identity"))
        .isEqualTo(new MediaHeaders(Optional.of("n03x6A=="), Optional.empty(), Optional.empty()));
  }

  @Test
  void of_hashesInOneHeader_readsTheCrc32c() {
    assertThat(MediaHeaders.of(List.of("md5=XrY7u+Ae7tCTyyK7j1rNww==, crc32c=n03x6A=="), null, null).crc32c())
        .contains("n03x6A==");
  }

  @Test
  void of_encodings_lowerCaseWithIdentityAsNone() {
    assertThat(MediaHeaders.of(List.of(), " GZIP ", "gzip"))
        .isEqualTo(new MediaHeaders(Optional.empty(), Optional.of("gzip"), Optional.of("gzip")));
    assertThat(MediaHeaders.of(List.of(), " Identity ", "")).isEqualTo(MediaHeaders.NOTHING);
  }

  @Test
  void of_noCrc32c_hasNone() {
    assertThat(MediaHeaders.of(List.of("md5=XrY7u+Ae7tCTyyK7j1rNww=="), null, null).crc32c()).isEmpty();
  }
}
