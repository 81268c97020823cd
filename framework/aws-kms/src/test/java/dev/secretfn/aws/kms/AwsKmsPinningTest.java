package dev.secretfn.aws.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.Kms;
import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.ReferenceParser;
import dev.secretfn.ref.SecretReference;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An AWS KMS ciphertext carries its value: it is pinned, and nothing new can appear under it. */
class AwsKmsPinningTest {
  private static final String CT = "Zq7SecRtQQ==";
  private static final ReferenceParser PARSER = ReferenceParser.of(List.of(new AwsKmsSyntax()));

  @Test
  void parse_selfDescribingCiphertext_pinnedAndNotRefreshable() throws ReferenceException {
    SecretReference reference = PARSER.parse("DB_PASS", "aws-kms://alias/db?ciphertext=" + CT);

    assertThat(reference.pinned()).isTrue();
    assertThat(reference.refreshable()).isFalse();
  }

  @Test
  void parseCiphertext_bareCiphertext_pinnedAndNotRefreshable() throws ReferenceException {
    SecretReference reference = PARSER.parseCiphertext("DB_PASS", CT, Kms.AWS, Environment.of(Map.of()));

    assertThat(reference.pinned()).isTrue();
    assertThat(reference.refreshable()).isFalse();
  }
}
