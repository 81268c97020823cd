package dev.secretfn.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.ReferenceParser;
import dev.secretfn.ref.SecretReference;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Only {@code ?version=} pins a {@code vault://} reference: without it, the read serves the current KV v2 version
 * (or a KV v1 secret's only value, which a write replaces), so start-up warns and a refreshing declaration may use
 * it. The reference cannot tell the mount's KV version, and needs not: both are unpinned without a version.
 */
class VaultPinningTest {
  private static final ReferenceParser PARSER = ReferenceParser.of(List.of(new VaultSyntax()));

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "vault://secret/weather,                   false",
    "vault://secret/orders/db#password,        false",
    "vault://team/kv/app#token,                false",
    "vault://secret/orders/db?version=3,       true",
    "vault://secret/orders/db?version=3#password, true",
  })
  void parse_withOrWithoutVersion_pinnedOnlyWithOneAndRefreshableOnlyWithout(String value, boolean pinned)
      throws ReferenceException {
    SecretReference reference = PARSER.parse("DB_PASS", value);

    assertThat(reference.pinned()).isEqualTo(pinned);
    assertThat(reference.refreshable()).isEqualTo(!pinned);
    assertThat(reference.withoutField().pinned()).as("what is fetched").isEqualTo(pinned);
  }
}
