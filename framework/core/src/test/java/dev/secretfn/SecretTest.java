package dev.secretfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretTest {
  private static final String CANARY = "canary-3b1f-plaintext";

  @Test
  void toString_neverShowsPlaintext() {
    Secret secret = Secret.adopt("DB_PASS", CANARY.getBytes(StandardCharsets.UTF_8));

    assertThat(secret.toString()).isEqualTo("Secret[DB_PASS, redacted]").doesNotContain(CANARY);
    assertThat(String.valueOf(secret)).doesNotContain(CANARY);
  }

  @Test
  void equalsAndHashCode_areIdentityNotContent() {
    Secret a = Secret.ofUtf8(CANARY);
    Secret b = Secret.ofUtf8(CANARY);

    assertThat(a).isNotEqualTo(b);
    assertThat(a.hashCode()).isNotEqualTo(CANARY.hashCode());
    assertThat(a.contentEquals(b)).isTrue();
    assertThat(a.contentEquals(Secret.ofUtf8("other"))).isFalse();
  }

  @Test
  void secret_isNotSerializable() {
    assertThat(Serializable.class.isAssignableFrom(Secret.class)).isFalse();
  }

  @Test
  void reveal_returnsIndependentCopies() {
    byte[] input = {1, 2, 3};
    Secret secret = Secret.copyOf(input);
    input[0] = 9;

    byte[] revealed = secret.revealBytes();
    revealed[1] = 9;

    assertThat(secret.revealBytes()).containsExactly(1, 2, 3);
  }

  @Test
  void revealChars_decodesUtf8() {
    assertThat(Secret.ofUtf8("p\u00e4ss\uD83D\uDD11").revealChars()).containsExactly("p\u00e4ss\uD83D\uDD11".toCharArray());
    assertThat(Secret.ofUtf8("p\u00e4ss").revealString()).isEqualTo("p\u00e4ss");
  }

  @Test
  void revealString_nonUtf8_failsWithoutContent() {
    Secret binary = Secret.adopt("CERT", new byte[] {(byte) 0xC3, (byte) 0x28, 'x'});

    assertThat(binary.isUtf8()).isFalse();
    assertThatThrownBy(binary::revealString)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("secret CERT is not valid UTF-8 text");
    assertThat(binary.revealBytes()).hasSize(3);
  }

  @Test
  void wipe_zeroesAndBlocksFurtherReads() {
    byte[] owned = CANARY.getBytes(StandardCharsets.UTF_8);
    Secret secret = Secret.adopt("TOKEN", owned);

    secret.wipe();
    secret.wipe();

    assertThat(owned).containsOnly(0);
    assertThat(secret.isWiped()).isTrue();
    assertThat(secret.toString()).isEqualTo("Secret[TOKEN, wiped]");
    assertThatThrownBy(secret::revealBytes).hasMessage("secret TOKEN was wiped");
    assertThatThrownBy(secret::revealString).hasMessage("secret TOKEN was wiped");
  }
}
