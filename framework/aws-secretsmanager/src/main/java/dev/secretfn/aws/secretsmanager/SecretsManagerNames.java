package dev.secretfn.aws.secretsmanager;

import dev.secretfn.ref.InvalidReferenceException;
import dev.secretfn.ref.ReferenceRules;
import java.util.regex.Pattern;

/**
 * Secrets Manager's naming rules, as references check them; messages state the rule and never quote the input.
 * Every accepted character is one that needs no escape in a reference, so the written form is the value itself.
 */
final class SecretsManagerNames {
  /** A secret name: ASCII letters, digits and {@code /_+=.@-}, 1 to 512 characters (CreateSecret's rule). */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
  /**
   * A complete secret ARN: {@code arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-XXXXXX}, with the six
   * characters Secrets Manager appends to the name.
   */
  private static final Pattern ARN = Pattern.compile("arn:aws(?:-[a-z]+)*:secretsmanager:"
      + "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}-[A-Za-z0-9]{6}");
  /** A version id: 32 to 64 printable ASCII characters (Secrets Manager makes UUIDs). */
  private static final Pattern VERSION_ID = Pattern.compile("[!-~&&[^%?#&]]{32,64}");
  /** A staging label: 1 to 256 printable ASCII characters ({@code AWSCURRENT}, {@code AWSPREVIOUS}, custom). */
  private static final Pattern VERSION_STAGE = Pattern.compile("[!-~&&[^%?#&]]{1,256}");

  private SecretsManagerNames() {}

  /** A secret name or a complete secret ARN; anything with a ':' must be an ARN. */
  static String secretId(String secretId) {
    if (secretId.startsWith("arn:")) {
      return ReferenceRules.matching(secretId, ARN, "a secret ARN must be complete:"
          + " arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-XXXXXX, with the six characters Secrets"
          + " Manager appends to the name (copy it from the console or describe-secret)");
    }
    if (secretId.isEmpty()) {
      throw new InvalidReferenceException("expected a secret name or ARN after the scheme");
    }
    return ReferenceRules.matching(secretId, NAME, "the secret name must be 1 to 512 characters of ASCII letters,"
        + " digits and / _ + = . @ - (or a complete secret ARN)");
  }

  static String versionId(String versionId) {
    return ReferenceRules.matching(versionId, VERSION_ID, "the versionId must be 32 to 64 printable ASCII"
        + " characters without % ? # & (a version id as describe-secret lists it)");
  }

  static String versionStage(String versionStage) {
    return ReferenceRules.matching(versionStage, VERSION_STAGE, "the versionStage must be 1 to 256 printable"
        + " ASCII characters without % ? # & (a staging label such as AWSCURRENT or AWSPREVIOUS)");
  }
}
