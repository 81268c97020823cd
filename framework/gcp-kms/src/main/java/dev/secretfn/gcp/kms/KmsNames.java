package dev.secretfn.gcp.kms;

import dev.secretfn.ref.InvalidReferenceException;
import dev.secretfn.ref.ReferenceRules;
import java.util.regex.Pattern;

/** The Cloud KMS name rules of references; messages describe the rule and never quote the input. */
final class KmsNames {
  private static final Pattern CRYPTO_KEY =
      Pattern.compile(
          "projects/[a-z][a-z0-9.:-]{0,62}[a-z0-9]/locations/[a-z0-9-]{1,63}"
              + "/keyRings/[a-zA-Z0-9_-]{1,63}/cryptoKeys/[a-zA-Z0-9_-]{1,63}");

  private KmsNames() {}

  static String cryptoKey(String name) {
    if (name.contains("/cryptoKeyVersions/")) {
      throw new InvalidReferenceException(
          "Cloud KMS decrypts with a CryptoKey, not a version: drop '/cryptoKeyVersions/...' from the key name");
    }
    return ReferenceRules.matching(name, CRYPTO_KEY,
        "the Cloud KMS key must be a CryptoKey name of the form"
            + " projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY");
  }
}
