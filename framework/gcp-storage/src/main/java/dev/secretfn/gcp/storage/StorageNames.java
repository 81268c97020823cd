package dev.secretfn.gcp.storage;

import dev.secretfn.ref.InvalidReferenceException;
import java.util.regex.Pattern;

/** The Cloud Storage name rules of references; messages describe the rule and never quote the input. */
final class StorageNames {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");

  private StorageNames() {}

  static String bucket(String bucket) {
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new InvalidReferenceException(
          "the bucket name must be 3 to 222 characters of a-z, 0-9, '.', '_' and '-', starting and ending"
              + " with a letter or digit");
    }
    return bucket;
  }
}
