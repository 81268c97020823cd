package dev.secretfn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class CanaryAuditTest {
  @Test
  void assertAbsentFrom_leakingExceptionOrToString_isCaught() {
    try (CanaryAudit audit = CanaryAudit.start()) {
      String canary = audit.canary("pw");
      Exception leaking = new IllegalStateException("wrapped", new RuntimeException("value was " + canary));
      Object printsBase64 = new Object() {
        @Override
        public String toString() {
          return Base64.getEncoder().encodeToString(canary.getBytes(StandardCharsets.UTF_8));
        }
      };

      assertThatThrownBy(() -> audit.assertAbsentFrom(leaking)).isInstanceOf(AssertionError.class);
      assertThatThrownBy(() -> audit.assertAbsentFrom(printsBase64)).isInstanceOf(AssertionError.class);
      audit.assertAbsentFrom(new IllegalStateException("DB_PASS: FETCH failed"), "clean text");
    }
  }

  @Test
  void close_canaryLogged_isCaught() {
    CanaryAudit audit = CanaryAudit.start();
    String canary = audit.canary("token");
    Logger.getLogger("leaky.fixture").warning("token=" + canary);

    assertThat(audit.logged("token=")).isEqualTo(1);
    assertThatThrownBy(audit::close).isInstanceOf(AssertionError.class).hasMessageContaining("secret material");
  }

  @Test
  void forbid_dataKeyInHex_isCaught() {
    try (CanaryAudit audit = CanaryAudit.start()) {
      audit.forbid(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef});

      assertThatThrownBy(() -> audit.assertAbsentFrom("key deadbeef")).isInstanceOf(AssertionError.class);
    }
  }
}
