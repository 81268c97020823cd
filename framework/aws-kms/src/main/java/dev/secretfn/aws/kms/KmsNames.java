package dev.secretfn.aws.kms;

import dev.secretfn.ref.ReferenceRules;
import java.util.regex.Pattern;

/** The AWS KMS name rules of references; messages describe the rule and never quote the input. */
final class KmsNames {
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9:/_.-]{1,2048}");

  private KmsNames() {}

  static String keyId(String keyId) {
    return ReferenceRules.matching(keyId, KEY_ID,
        "the AWS KMS key must be a key id, key ARN, alias name (alias/...) or alias ARN");
  }
}
