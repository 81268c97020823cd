package dev.secretfn.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.ReferenceParser;
import dev.secretfn.ref.SecretReference;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Only a version id pins an {@code s3://} reference: without one, the read serves the object's current version,
 * so start-up warns and a refreshing declaration may use it.
 */
class S3PinningTest {
  private static final ReferenceParser PARSER = ReferenceParser.of(List.of(new S3Syntax()));

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "s3://my-bucket/db.json,                                      false",
    "s3://my-bucket/db.json#password,                             false",
    "s3://my-bucket/db.json?versionId=3HL4kqtJlcpXroDTDmJ.rmSpXd, true",
    "s3://my-bucket/db.json?versionId=null#password,              true",
  })
  void parse_withOrWithoutVersionId_pinnedOnlyWithOneAndRefreshableOnlyWithout(String value, boolean pinned)
      throws ReferenceException {
    SecretReference reference = PARSER.parse("DB_PASS", value);

    assertThat(reference.pinned()).isEqualTo(pinned);
    assertThat(reference.refreshable()).isEqualTo(!pinned);
    assertThat(reference.withoutField().pinned()).as("what is fetched").isEqualTo(pinned);
  }
}
