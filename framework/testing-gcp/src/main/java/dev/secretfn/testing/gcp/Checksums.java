package dev.secretfn.testing.gcp;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.CRC32C;

/** The checksums Google's APIs use: CRC32C (Castagnoli) and MD5. */
final class Checksums {
  private Checksums() {}

  /** CRC32C of {@code data} as an unsigned 32-bit value, the way Cloud KMS's int64 checksum fields carry it. */
  static long crc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return crc.getValue();
  }

  /** Base64 of the big-endian 4-byte CRC32C, the way Cloud Storage writes it ({@code crc32c}, x-goog-hash). */
  static String crc32cBase64(long crc32c) {
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc32c).array());
  }

  static String md5Base64(byte[] data) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }

  /** A checksum that is certainly different from {@code crc32c}, still a valid unsigned 32-bit value. */
  static long corrupt(long crc32c) {
    return crc32c ^ 0x5a5a5a5aL;
  }
}
