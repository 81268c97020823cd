package dev.secretfn.gcp.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SourceException;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.UriCodec;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A berglas:// read on the lean transport: metadata, then the body pinned to the metadata's generation. */
class LeanBerglasReadTest {
  private final BerglasFixture fixture = new BerglasFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void fetch_berglasSecret_readsMetadataThenTheBodyAtThatGeneration() throws Exception {
    BerglasObject reference = (BerglasObject) fixture.put("api key", "value".getBytes(UTF_8));

    byte[] value = fixture.source().fetch(Fetch.of(reference, List.of("KEY"), Duration.ofSeconds(10), 1))
        .revealBytes();

    assertThat(value).isEqualTo("value".getBytes(UTF_8));
    List<RecordedRequest> requests = fixture.storageRequests();
    assertThat(requests).hasSize(2);
    String encoded = UriCodec.encode(reference.object());
    assertThat(requests.get(0).path()).isEqualTo("/storage/v1/b/" + BerglasFixture.BUCKET + "/o/" + encoded);
    assertThat(requests.get(0).query()).isEmpty();
    assertThat(requests.get(1).path())
        .isEqualTo("/download/storage/v1/b/" + BerglasFixture.BUCKET + "/o/" + encoded);
    assertThat(requests.get(1).queryParameter("generation")).hasValueSatisfying(g -> assertThat(Long.parseLong(g))
        .isPositive());
    assertThat(requests).allSatisfy(r -> assertThat(r.header("Authorization")).isEmpty());
  }

  @Test
  void fetch_pinnedGenerationThatDoesNotExist_failsPermanentlyNamingIt() {
    BerglasObject put = (BerglasObject) fixture.put("pinned", "value".getBytes(UTF_8));
    BerglasObject pinned = new BerglasObject(put.bucket(), put.object(), OptionalLong.of(1));

    try {
      fixture.source().fetch(Fetch.of(pinned, List.of("KEY"), Duration.ofSeconds(10), 1));
      throw new AssertionError("fetched a generation that does not exist");
    } catch (SourceException e) {
      assertThat(e.isRetryable()).isFalse();
      assertThat(e).hasMessage(pinned.describe() + ": no such object or generation");
      assertThat(fixture.storageRequests()).singleElement()
          .satisfies(r -> assertThat(r.queryParameter("generation")).contains("1"));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void prime_anyState_returnsQuietly() throws Exception {
    fixture.source().prime(Duration.ofSeconds(5));

    assertThat(fixture.storageRequests()).singleElement()
        .satisfies(r -> assertThat(r.header("Authorization")).isEmpty());
  }
}
