package dev.secretfn.gcp.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.Step;
import dev.secretfn.gcp.storage.ObjectReader;
import dev.secretfn.spi.SourceException;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The bounded gzip decoding of objects stored with content encoding gzip (the reads are on the emulator). */
class ObjectReaderTest {
  private static final String DESCRIBED = "gs://bucket/creds.json";

  @Test
  void gunzip_withinTheLimit_returnsTheContent() throws Exception {
    byte[] content = "{\"password\":\"p\"}".getBytes(UTF_8);

    assertThat(ObjectReader.gunzip(CloudStorageEmulator.gzip(content), content.length, DESCRIBED))
        .isEqualTo(content);
  }

  @Test
  void gunzip_concatenatedMembers_returnsAllOfThem() throws Exception {
    byte[] first = CloudStorageEmulator.gzip("{\"a\":".getBytes(UTF_8));
    byte[] second = CloudStorageEmulator.gzip("1}".getBytes(UTF_8));
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);

    assertThat(ObjectReader.gunzip(both, 100, DESCRIBED)).isEqualTo("{\"a\":1}".getBytes(UTF_8));
  }

  @Test
  void gunzip_oneByteOverTheLimit_failsAtDecodeNamingTheLimit() {
    byte[] bomb = CloudStorageEmulator.gzip(new byte[1025]);

    assertThatThrownBy(() -> ObjectReader.gunzip(bomb, 1024, DESCRIBED))
        .isInstanceOfSatisfying(SourceException.class, e -> {
          assertThat(e.step()).isEqualTo(Step.DECODE);
          assertThat(e.isRetryable()).isFalse();
        })
        .hasMessageContaining(DESCRIBED).hasMessageContaining("decompresses").hasMessageContaining("1024-byte limit");
  }

  @Test
  void gunzip_notGzipTruncatedOrDamaged_failsAtDecode() {
    byte[] valid = CloudStorageEmulator.gzip("{\"password\":\"p\"}".repeat(20).getBytes(UTF_8));
    byte[] damaged = valid.clone();
    damaged[damaged.length - 6] ^= 0x55; // the trailer's CRC-32
    byte[][] invalid = {
        "{\"password\":\"p\"}".getBytes(UTF_8), Arrays.copyOf(valid, valid.length / 2), damaged, new byte[0]};

    for (byte[] bytes : invalid) {
      assertThatThrownBy(() -> ObjectReader.gunzip(bytes, 4096, DESCRIBED))
          .isInstanceOfSatisfying(SourceException.class, e -> {
            assertThat(e.step()).isEqualTo(Step.DECODE);
            assertThat(e.isRetryable()).isFalse();
          })
          .hasMessageContaining("not valid gzip data");
    }
  }
}
