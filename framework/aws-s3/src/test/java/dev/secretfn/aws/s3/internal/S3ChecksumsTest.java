package dev.secretfn.aws.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The full-object checksums S3 sends with x-amz-checksum-mode: ENABLED, checked against the content. */
class S3ChecksumsTest {
  private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

  private static Optional<String> mismatch(Map<String, String> headers, byte[] content) {
    return S3Checksums.mismatch(name -> Optional.ofNullable(headers.get(name)), content);
  }

  @Test
  void crc64Nvme_standardCheckValue() {
    // CRC-64/NVME of "123456789", from the CRC catalogue's parameters (check=0xae8b14860a799888).
    assertThat(Crc64Nvme.of(CHECK)).isEqualTo(0xae8b14860a799888L);
    assertThat(Crc64Nvme.of(new byte[0])).isZero();
  }

  /** Each algorithm's value for "123456789", base64 of the big-endian digest. */
  @ParameterizedTest
  @CsvSource({
      "x-amz-checksum-crc64nvme, rosUhgp5mIg=",
      "x-amz-checksum-crc32c, 4waSgw==",
      "x-amz-checksum-crc32, y/Q5Jg==",
      "x-amz-checksum-sha256, FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=",
      "x-amz-checksum-sha1, 98O8HYCOBHMq32eZZczDTKeuNEE="})
  void mismatch_eachAlgorithm_matchingValuePasses_otherValueNamed(String header, String value) {
    assertThat(mismatch(Map.of(header, value, "x-amz-checksum-type", "FULL_OBJECT"), CHECK)).isEmpty();

    byte[] wrong = Base64.getDecoder().decode(value);
    wrong[0] ^= 1;
    assertThat(mismatch(Map.of(header, Base64.getEncoder().encodeToString(wrong)), CHECK)).hasValue(header);
    assertThat(mismatch(Map.of(header, value), "123456780".getBytes(StandardCharsets.US_ASCII))).hasValue(header);
  }

  @Test
  void mismatch_compositeOrNoChecksum_notChecked() {
    assertThat(mismatch(Map.of("x-amz-checksum-crc32", "AAAAAA==-3", "x-amz-checksum-type", "COMPOSITE"), CHECK))
        .isEmpty();
    assertThat(mismatch(Map.of("x-amz-checksum-crc32c", "AAAAAA==-2"), CHECK)).isEmpty();
    assertThat(mismatch(Map.of(), CHECK)).isEmpty();
  }
}
