package dev.secretfn.deploy;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

/** The inverse of the stand-in's fake {@code gcloud kms encrypt}: "FAKEKMS1" then every byte XOR 0x80. */
final class FakeKms {
  private static final byte[] MAGIC = "FAKEKMS1".getBytes(US_ASCII);

  private FakeKms() {}

  static byte[] decrypt(byte[] ciphertext) {
    assertThat(Arrays.copyOf(ciphertext, Math.min(ciphertext.length, MAGIC.length)))
        .as("fake KMS ciphertext prefix")
        .isEqualTo(MAGIC);
    byte[] plaintext = Arrays.copyOfRange(ciphertext, MAGIC.length, ciphertext.length);
    for (int i = 0; i < plaintext.length; i++) {
      plaintext[i] ^= (byte) 0x80;
    }
    return plaintext;
  }
}
