package dev.secretfn.aws.secretsmanager;

import dev.secretfn.ref.ReferenceParser;
import dev.secretfn.testing.contract.ReferenceTableContract;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The aws-sm:// grammar, row by row: what parses to what, and what is refused with which rule. */
class SecretsManagerReferencesTest extends ReferenceTableContract {
  private static final String ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-AbC123";
  private static final String VERSION = "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE";
  private static final Optional<String> NONE = Optional.empty();

  @Override
  protected ReferenceParser parser() {
    return ReferenceParser.of(SecretsManagerContractComponent.of(Map.of()).syntaxes());
  }

  private static SecretsManagerSecret secret(String id, Optional<String> version, Optional<String> stage,
      Optional<String> field) {
    return new SecretsManagerSecret(id, version, stage, field);
  }

  @Override
  protected Stream<Arguments> validReferences() {
    return Stream.of(
        canonical("aws-sm://prod/db", secret("prod/db", NONE, NONE, NONE)),
        canonical("aws-sm://prod/db#password", secret("prod/db", NONE, NONE, Optional.of("password"))),
        canonical("aws-sm://prod/db?versionId=" + VERSION, secret("prod/db", Optional.of(VERSION), NONE, NONE)),
        canonical("aws-sm://prod/db?versionStage=AWSPREVIOUS#password",
            secret("prod/db", NONE, Optional.of("AWSPREVIOUS"), Optional.of("password"))),
        canonical("aws-sm://" + ARN, secret(ARN, NONE, NONE, NONE)),
        canonical("aws-sm://" + ARN + "?versionStage=blue#host", secret(ARN, NONE, Optional.of("blue"),
            Optional.of("host"))),
        canonical("aws-sm://arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:db-Zz9yX8",
            secret("arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:db-Zz9yX8", NONE, NONE, NONE)),
        canonical("aws-sm://a+b=c.d@e_f-g", secret("a+b=c.d@e_f-g", NONE, NONE, NONE)),
        canonical("aws-sm://db#pass%23word", secret("db", NONE, NONE, Optional.of("pass#word"))),
        notCanonical("aws-sm://db#pass%77ord", secret("db", NONE, NONE, Optional.of("password"))));
  }

  @Override
  protected Stream<Arguments> malformedReferences() {
    return Stream.of(
        bad("aws-sm://#password", "expected a secret name or ARN"),
        bad("aws-sm://prod db", "the secret name must be 1 to 512 characters"),
        bad("aws-sm://prod%2Fdb", "the secret name must be 1 to 512 characters"),
        bad("aws-sm://" + "a".repeat(513), "the secret name must be 1 to 512 characters"),
        bad("aws-sm://arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db",
            "a secret ARN must be complete"),
        bad("aws-sm://arn:aws:ssm:eu-west-1:111122223333:parameter/db", "a secret ARN must be complete"),
        bad("aws-sm://db:x", "the secret name must be"),
        bad("aws-sm://db?versionId=short", "the versionId must be 32 to 64"),
        bad("aws-sm://db?versionStage=", "the 'versionStage' parameter is empty"),
        bad("aws-sm://db?versionStage=A&versionId=" + VERSION, "only one parameter is allowed"),
        bad("aws-sm://db?version=3", "takes only '?versionId=' or '?versionStage='"),
        bad("aws-sm://db?destination=tempfile", "takes only '?versionId=' or '?versionStage='"),
        bad("aws-sm://db#", "'#' must be followed by a JSON field name"));
  }
}
