package dev.secretfn.testing.emulator;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The digests the storage and KMS protocols put on the wire: MD5, CRC32 and CRC32C (Castagnoli), and the base64
 * of a 32-bit checksum's four big-endian bytes, the form both Cloud Storage ({@code crc32c}, {@code x-goog-hash})
 * and S3 ({@code x-amz-checksum-crc32}) write.
 *
 * <p>A building block for emulators, public only so that the emulator modules can share it: not an API for
 * tests, and it may change in any release. Stateless and thread-safe.
 */
public final class Digests {
  private Digests() {}

  /** The 16-byte MD5 digest of {@code data}. */
  public static byte[] md5(byte[] data) {
    try {
      return MessageDigest.getInstance("MD5").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }

  /** CRC32 of {@code data} as an unsigned 32-bit value. */
  public static long crc32(byte[] data) {
    return checksum(new CRC32(), data);
  }

  /** CRC32C of {@code data} as an unsigned 32-bit value, the way Cloud KMS's int64 checksum fields carry it. */
  public static long crc32c(byte[] data) {
    return checksum(new CRC32C(), data);
  }

  /** Base64 of the four big-endian bytes of the 32-bit {@code checksum} (its high bits are ignored). */
  public static String base64(long checksum) {
    int value = (int) checksum;
    return Base64.getEncoder().encodeToString(new byte[] {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
  }

  private static long checksum(Checksum checksum, byte[] data) {
    checksum.update(data, 0, data.length);
    return checksum.getValue();
  }
}
