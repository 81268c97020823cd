package dev.secretfn.gcp.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.ReferenceParser;
import dev.secretfn.ref.SecretReference;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Only a generation pins a {@code gs://} or {@code berglas://} reference: without one, the read serves whatever
 * generation is live, so start-up warns and a refreshing declaration may use it.
 */
class StoragePinningTest {
  private static final ReferenceParser PARSER = ReferenceParser.of(List.of(new GcsSyntax(), new BerglasSyntax()));

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "gs://my-bucket/db.json,                       false",
    "gs://my-bucket/db.json#password,              false",
    "gs://my-bucket/db.json?generation=3,          true",
    "gs://my-bucket/db.json?generation=3#password, true",
    "berglas://my-bucket/api-key,                  false",
    "berglas://my-bucket/api-key#1712345678901234, true",
  })
  void parse_withOrWithoutGeneration_pinnedOnlyWithOneAndRefreshableOnlyWithout(String value, boolean pinned)
      throws ReferenceException {
    SecretReference reference = PARSER.parse("DB_PASS", value);

    assertThat(reference.pinned()).isEqualTo(pinned);
    assertThat(reference.refreshable()).isEqualTo(!pinned);
    assertThat(reference.withoutField().pinned()).as("what is fetched").isEqualTo(pinned);
  }
}
