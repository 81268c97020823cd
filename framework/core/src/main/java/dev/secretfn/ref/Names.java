package dev.secretfn.ref;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/** Validation of the parts of references; messages describe the rule and never quote the input. */
final class Names {
  private static final Pattern GCS_BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");
  private static final Pattern S3_BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern CRYPTO_KEY =
      Pattern.compile(
          "projects/[a-z][a-z0-9.:-]{0,62}[a-z0-9]/locations/[a-z0-9-]{1,63}"
              + "/keyRings/[a-zA-Z0-9_-]{1,63}/cryptoKeys/[a-zA-Z0-9_-]{1,63}");
  private static final Pattern AWS_KEY_ID = Pattern.compile("[A-Za-z0-9:/_.-]{1,2048}");
  private static final Pattern S3_VERSION = Pattern.compile("[A-Za-z0-9._+/=-]{1,1024}");
  private static final Pattern VAULT_SEGMENT = Pattern.compile("[A-Za-z0-9._@:+-]{1,255}");
  private static final Pattern CANONICAL_BASE64 =
      Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");

  /** Largest ciphertext accepted in a reference, in base64 characters (an environment holds 32 KiB at most). */
  static final int MAX_CIPHERTEXT_BASE64 = 64 * 1024;

  private Names() {}

  static String gcsBucket(String bucket) {
    if (!GCS_BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new IllegalArgumentException(
          "the bucket name must be 3 to 222 characters of a-z, 0-9, '.', '_' and '-', starting and ending"
              + " with a letter or digit");
    }
    return bucket;
  }

  static String s3Bucket(String bucket) {
    if (!S3_BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new IllegalArgumentException(
          "the bucket name must be 3 to 63 characters of a-z, 0-9, '.' and '-', starting and ending with a"
              + " letter or digit");
    }
    return bucket;
  }

  /** Object names (Cloud Storage) and keys (S3): 1 to 1024 bytes of UTF-8 without control characters. */
  static String objectName(String name) {
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes > 1024) {
      throw new IllegalArgumentException("the object name must be 1 to 1024 bytes of UTF-8");
    }
    if (name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("the object name cannot be '.' or '..'");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException("the object name contains a control character");
      }
    }
    requireWellFormed(name, "the object name");
    return name;
  }

  static String cryptoKey(String name) {
    if (name.contains("/cryptoKeyVersions/")) {
      throw new IllegalArgumentException(
          "Cloud KMS decrypts with a CryptoKey, not a version: drop '/cryptoKeyVersions/...' from the key name");
    }
    if (!CRYPTO_KEY.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "the Cloud KMS key must be a CryptoKey name of the form"
              + " projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY");
    }
    return name;
  }

  static String awsKeyId(String keyId) {
    if (!AWS_KEY_ID.matcher(keyId).matches()) {
      throw new IllegalArgumentException(
          "the AWS KMS key must be a key id, key ARN, alias name (alias/...) or alias ARN");
    }
    return keyId;
  }

  static String s3VersionId(String versionId) {
    if (!S3_VERSION.matcher(versionId).matches()) {
      throw new IllegalArgumentException("the S3 versionId must be 1 to 1024 characters of A-Z a-z 0-9 . _ + / = -");
    }
    return versionId;
  }

  static String vaultPath(String path) {
    String[] segments = path.split("/", -1);
    if (segments.length < 2) {
      throw new IllegalArgumentException("the Vault path must name a mount and a secret, such as secret/app/db");
    }
    for (String segment : segments) {
      if (!VAULT_SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "each segment of the Vault path must be 1 to 255 characters of A-Z a-z 0-9 . _ @ : + -,"
                + " and not '.' or '..'");
      }
    }
    return path;
  }

  static String field(String field) {
    if (field.isEmpty() || field.length() > 256) {
      throw new IllegalArgumentException("the JSON field name must be 1 to 256 characters");
    }
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException("the JSON field name contains a control character");
      }
    }
    requireWellFormed(field, "the JSON field name");
    return field;
  }

  /** Rejects unpaired surrogates, which have no UTF-8 encoding. */
  private static void requireWellFormed(String s, String what) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(what + " is not well-formed Unicode");
      }
    }
  }

  static long generation(long generation) {
    if (generation <= 0) {
      throw new IllegalArgumentException("a generation must be a positive number");
    }
    return generation;
  }

  /** Requires canonical standard base64 (RFC 4648 section 4, padded) and returns it unchanged. */
  static String ciphertext(String base64) {
    if (base64.isEmpty()) {
      throw new IllegalArgumentException("the ciphertext is empty");
    }
    if (base64.length() > MAX_CIPHERTEXT_BASE64) {
      throw new IllegalArgumentException(
          "the ciphertext is longer than " + MAX_CIPHERTEXT_BASE64 + " base64 characters");
    }
    if (base64.indexOf('\n') >= 0 || base64.indexOf('\r') >= 0) {
      throw new IllegalArgumentException(
          "the ciphertext contains a line break: encode it with 'base64 -w0' (GNU) or 'base64 -b 0' (macOS)");
    }
    if (base64.indexOf('-') >= 0 || base64.indexOf('_') >= 0) {
      throw new IllegalArgumentException(
          "the ciphertext uses the URL-safe base64 alphabet: use standard base64 ('+' and '/', padded with '=')");
    }
    if (base64.length() % 4 != 0 || !CANONICAL_BASE64.matcher(base64).matches()) {
      throw new IllegalArgumentException(
          "the ciphertext is not standard padded base64 (RFC 4648): expected A-Z a-z 0-9 + / and '=' padding"
              + " to a multiple of 4 characters");
    }
    byte[] decoded = Base64.getDecoder().decode(base64);
    if (!Base64.getEncoder().encodeToString(decoded).equals(base64)) {
      throw new IllegalArgumentException("the ciphertext is not canonical base64 (non-zero padding bits)");
    }
    return base64;
  }

  static String abbreviate(String base64) {
    return "<ciphertext, " + Base64.getDecoder().decode(base64).length + " bytes>";
  }
}
