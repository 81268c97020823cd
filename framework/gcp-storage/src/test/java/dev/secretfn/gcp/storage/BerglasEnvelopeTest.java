package dev.secretfn.gcp.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.Step;
import dev.secretfn.gcp.storage.BerglasEnvelope;
import dev.secretfn.spi.SourceException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class BerglasEnvelopeTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String WHERE = "berglas://bucket/api-key";

  /** Seals as the Go tool does: aesgcm.Seal(nonce, nonce, plaintext, nil), i.e. nonce || ciphertext || tag. */
  static String goStyleBody(byte[] wrappedKey, byte[] dataKey, byte[] plaintext) throws Exception {
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(128, nonce));
    byte[] sealed = cipher.doFinal(plaintext);
    byte[] nonceAndSealed = new byte[nonce.length + sealed.length];
    System.arraycopy(nonce, 0, nonceAndSealed, 0, nonce.length);
    System.arraycopy(sealed, 0, nonceAndSealed, nonce.length, sealed.length);
    return Base64.getEncoder().encodeToString(wrappedKey) + ":" + Base64.getEncoder().encodeToString(nonceAndSealed);
  }

  @Test
  void parseAndOpen_goToolLayout_returnsPlaintext() throws Exception {
    byte[] dataKey = new byte[32];
    RANDOM.nextBytes(dataKey);
    String body = goStyleBody(new byte[] {9, 8, 7}, dataKey, "s3cr3t".getBytes(StandardCharsets.UTF_8));

    BerglasEnvelope envelope = BerglasEnvelope.parse(body.getBytes(StandardCharsets.US_ASCII), WHERE);

    assertThat(envelope.wrappedKey).containsExactly(9, 8, 7);
    assertThat(new String(envelope.open(dataKey, WHERE), StandardCharsets.UTF_8)).isEqualTo("s3cr3t");
  }

  @Test
  void parse_lineBreaks_areIgnoredLikeTheGoTool() throws Exception {
    byte[] dataKey = new byte[32];
    String body = goStyleBody(new byte[] {1}, dataKey, new byte[] {42});
    String wrapped = body.substring(0, 3) + "\r\n" + body.substring(3) + "\n";

    BerglasEnvelope envelope = BerglasEnvelope.parse(wrapped.getBytes(StandardCharsets.US_ASCII), WHERE);

    assertThat(envelope.open(dataKey, WHERE)).containsExactly(42);
  }

  @Test
  void open_tamperedCiphertext_failsAtDecrypt() throws Exception {
    byte[] dataKey = new byte[32];
    String body = goStyleBody(new byte[] {1}, dataKey, "value".getBytes(StandardCharsets.UTF_8));
    byte[] sealed = Base64.getDecoder().decode(body.substring(body.indexOf(':') + 1));
    sealed[14] ^= 1;
    String tampered = body.substring(0, body.indexOf(':') + 1) + Base64.getEncoder().encodeToString(sealed);

    BerglasEnvelope envelope = BerglasEnvelope.parse(tampered.getBytes(StandardCharsets.US_ASCII), WHERE);

    assertThatThrownBy(() -> envelope.open(dataKey, WHERE))
        .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.step()).isEqualTo(Step.DECRYPT))
        .hasMessageContaining("AES-GCM tag does not verify");
  }

  @Test
  void open_wrongDataKeyLength_failsAtDecode() throws Exception {
    String body = goStyleBody(new byte[] {1}, new byte[32], new byte[] {1});
    BerglasEnvelope envelope = BerglasEnvelope.parse(body.getBytes(StandardCharsets.US_ASCII), WHERE);

    assertThatThrownBy(() -> envelope.open(new byte[16], WHERE)).hasMessageContaining("expected 32");
  }

  @Test
  void parse_malformedBodies_areRejectedWithoutContent() {
    String[] bodies = {"no-colon-here", "a:b:c", "!!!:AAAA", ":" + Base64.getEncoder().encodeToString(new byte[40]),
        "AQ==:" + Base64.getEncoder().encodeToString(new byte[27]), ""};
    for (String body : bodies) {
      assertThatThrownBy(() -> BerglasEnvelope.parse(body.getBytes(StandardCharsets.US_ASCII), WHERE))
          .as(body)
          .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.step()).isEqualTo(Step.DECODE))
          .hasMessageStartingWith(WHERE + " is not a Berglas secret");
    }
  }
}
