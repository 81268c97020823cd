package dev.secretfn.aws.s3.internal;

/**
 * CRC-64/NVME, the checksum S3 computes for every object uploaded without another since 2025: reflected
 * polynomial {@code 0x9a6c9329ac4bc9b5} (normal form {@code 0xad93d23594c93659}), initial value and final xor all
 * ones. The JDK has no CRC-64, and the SDK's needs the AWS CRT's native library.
 */
final class Crc64Nvme {
  private static final long POLYNOMIAL = 0x9a6c9329ac4bc9b5L;
  private static final long[] TABLE = table();

  private Crc64Nvme() {}

  static long of(byte[] data) {
    long crc = -1L;
    for (byte b : data) {
      crc = TABLE[(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
    }
    return ~crc;
  }

  private static long[] table() {
    long[] table = new long[256];
    for (int i = 0; i < 256; i++) {
      long crc = i;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
      }
      table[i] = crc;
    }
    return table;
  }
}
