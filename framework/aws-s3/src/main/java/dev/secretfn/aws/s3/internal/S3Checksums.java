package dev.secretfn.aws.s3.internal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * Checks a GetObject answer's content against the full-object checksum S3 sends when asked ({@code
 * x-amz-checksum-mode: ENABLED}): the one S3 stored with the object (CRC64NVME by default since 2025, or the
 * CRC32, CRC32C, SHA-256 or SHA-1 the uploader chose). A multipart object's composite checksum ({@code
 * x-amz-checksum-type: COMPOSITE}, a value ending in {@code -N}) covers the parts, not the content, and an object
 * stored without one has none: those are not checked, as the SDK does not check them either.
 */
final class S3Checksums {
  private static final String[] ALGORITHMS = {"crc64nvme", "crc32c", "crc32", "sha256", "sha1"};

  private S3Checksums() {}

  /**
   * The header whose checksum {@code content} does not match; empty when it matches or none applies.
   *
   * @param headers the answer's headers by name ({@code HttpExchange.Response::header})
   */
  static Optional<String> mismatch(Function<String, Optional<String>> headers, byte[] content) {
    if (headers.apply("x-amz-checksum-type").orElse("").equalsIgnoreCase("COMPOSITE")) {
      return Optional.empty();
    }
    for (String algorithm : ALGORITHMS) {
      String header = "x-amz-checksum-" + algorithm;
      Optional<String> sent = headers.apply(header);
      if (sent.isPresent()) {
        if (sent.get().indexOf('-') >= 0) {
          return Optional.empty();
        }
        return sent.get().trim().equals(base64(algorithm, content)) ? Optional.empty() : Optional.of(header);
      }
    }
    return Optional.empty();
  }

  private static String base64(String algorithm, byte[] content) {
    byte[] digest;
    switch (algorithm) {
      case "crc64nvme":
        digest = ByteBuffer.allocate(8).putLong(Crc64Nvme.of(content)).array();
        break;
      case "crc32c":
        digest = crc(new CRC32C(), content);
        break;
      case "crc32":
        digest = crc(new CRC32(), content);
        break;
      default:
        digest = digest(algorithm.equals("sha256") ? "SHA-256" : "SHA-1", content);
    }
    return Base64.getEncoder().encodeToString(digest);
  }

  private static byte[] crc(Checksum checksum, byte[] content) {
    checksum.update(content, 0, content.length);
    return ByteBuffer.allocate(4).putInt((int) checksum.getValue()).array();
  }

  private static byte[] digest(String name, byte[] content) {
    try {
      return MessageDigest.getInstance(name).digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(name + " is a required algorithm of every JDK", e);
    }
  }
}
