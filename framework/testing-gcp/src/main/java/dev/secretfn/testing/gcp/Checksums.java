package dev.secretfn.testing.gcp;

import dev.secretfn.testing.emulator.Digests;

/** The checksums Google's APIs use, in the forms they write them: CRC32C (Castagnoli) as a number or base64. */
final class Checksums {
  private Checksums() {}

  /** CRC32C of {@code data} as an unsigned 32-bit value, the way Cloud KMS's int64 checksum fields carry it. */
  static long crc32c(byte[] data) {
    return Digests.crc32c(data);
  }

  /** Base64 of the big-endian 4-byte CRC32C, the way Cloud Storage writes it ({@code crc32c}, x-goog-hash). */
  static String crc32cBase64(long crc32c) {
    return Digests.base64(crc32c);
  }

  /** A checksum that is certainly different from {@code crc32c}, still a valid unsigned 32-bit value. */
  static long corrupt(long crc32c) {
    return crc32c ^ 0x5a5a5a5aL;
  }
}
