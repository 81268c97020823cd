package dev.secretfn.testing.emulator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.testing.emulator.VersionedObjects.Content;
import dev.secretfn.testing.emulator.VersionedObjects.Version;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionedObjectsTest {
  private static final byte[] CHECK = "123456789".getBytes(UTF_8);

  @Test
  void put_twice_keepsBothVersionsAndTheNewestIsLive() {
    VersionedObjects store = VersionedObjects.withRandomVersionIds();
    Version first = store.put("b", "k", Content.of("one".getBytes(UTF_8), "text/plain"));
    Version second = store.put("b", "k", Content.of("two".getBytes(UTF_8), "text/plain"));

    assertThat(store.versions("b", "k")).containsExactly(first, second);
    assertThat(store.live("b", "k")).contains(second);
    assertThat(store.version("b", "k", first.id()).map(Version::content)).hasValue("one".getBytes(UTF_8));
    assertThat(first.id()).matches("[A-Za-z0-9._]{32}").isNotEqualTo(second.id());
  }

  @Test
  void withGenerations_idsIncreaseStrictlyAcrossObjects() {
    VersionedObjects store = VersionedObjects.withGenerations();
    long last = 0;
    for (int i = 0; i < 100; i++) {
      long generation = Long.parseLong(store.put("b", "k" + (i % 3), Content.of(CHECK, "x/y")).id());
      assertThat(generation).isGreaterThan(last);
      last = generation;
    }
  }

  @Test
  void put_failingPrecondition_writesNothing() {
    VersionedObjects store = VersionedObjects.withGenerations();
    store.put("b", "k", Content.of(CHECK, "x/y"));

    assertThatThrownBy(() -> store.put("b", "k", Content.of(CHECK, "x/y"), live -> {
      if (live.isPresent()) {
        throw new IllegalStateException("exists");
      }
    })).hasMessage("exists");
    assertThat(store.versions("b", "k")).hasSize(1);
  }

  @Test
  void version_holdsCopiesAndTheDigestsOfTheStoredBytes() {
    byte[] bytes = CHECK.clone();
    Version v = VersionedObjects.withGenerations()
        .put("b", "k", Content.of(bytes, "x/y").withMetadata(Map.of("a", "1")).withContentEncoding(""));
    bytes[0] = 'X';
    v.content()[1] = 'Y';

    assertThat(v.content()).isEqualTo(CHECK);
    assertThat(v.crc32c()).isEqualTo(0xE3069283L); // the CRC32C check value (RFC 3720)
    assertThat(v.crc32()).isEqualTo(0xCBF43926L); // the CRC32 check value
    assertThat(Digests.base64(v.crc32c())).isEqualTo("4waSgw==");
    assertThat(v.md5()).isEqualTo(Digests.md5(CHECK));
    assertThat(v.metadata()).containsExactly(Map.entry("a", "1"));
    assertThat(v.contentEncoding()).isEmpty();
  }
}
