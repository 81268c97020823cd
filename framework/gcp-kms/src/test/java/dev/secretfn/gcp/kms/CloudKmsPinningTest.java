package dev.secretfn.gcp.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.Kms;
import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.ReferenceParser;
import dev.secretfn.ref.SecretReference;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Cloud KMS ciphertext carries its value: it is pinned, and nothing new can appear under it. */
class CloudKmsPinningTest {
  private static final String KEY = "projects/my-project/locations/global/keyRings/app/cryptoKeys/db";
  private static final String CT = "Zq7SecRtQQ==";
  private static final ReferenceParser PARSER = ReferenceParser.of(List.of(new GcpKmsSyntax()));

  @Test
  void parse_selfDescribingCiphertext_pinnedAndNotRefreshable() throws ReferenceException {
    SecretReference reference = PARSER.parse("DB_PASS", "gcp-kms://" + KEY + "?ciphertext=" + CT);

    assertThat(reference.pinned()).isTrue();
    assertThat(reference.refreshable()).isFalse();
  }

  @Test
  void parseCiphertext_bareCiphertext_pinnedAndNotRefreshable() throws ReferenceException {
    SecretReference reference =
        PARSER.parseCiphertext("DB_PASS", CT, Kms.GCP, Environment.of(Map.of("KMS_CRYPTO_KEY_ID", KEY)));

    assertThat(reference.pinned()).isTrue();
    assertThat(reference.refreshable()).isFalse();
  }
}
