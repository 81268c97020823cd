package dev.secretfn.gcp;

import dev.secretfn.ref.InvalidReferenceException;
import dev.secretfn.ref.ReferenceRules;
import java.util.regex.Pattern;

/** The Google Cloud name rules of references; messages describe the rule and never quote the input. */
final class GcpNames {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");
  private static final Pattern CRYPTO_KEY =
      Pattern.compile(
          "projects/[a-z][a-z0-9.:-]{0,62}[a-z0-9]/locations/[a-z0-9-]{1,63}"
              + "/keyRings/[a-zA-Z0-9_-]{1,63}/cryptoKeys/[a-zA-Z0-9_-]{1,63}");

  private GcpNames() {}

  static String bucket(String bucket) {
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new InvalidReferenceException(
          "the bucket name must be 3 to 222 characters of a-z, 0-9, '.', '_' and '-', starting and ending"
              + " with a letter or digit");
    }
    return bucket;
  }

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
