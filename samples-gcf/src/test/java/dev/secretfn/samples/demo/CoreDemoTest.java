package dev.secretfn.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.SecretResolutionException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoreDemoTest {
  private static final Map<String, String> DEPLOYED = Map.of(
      "DB_USER", "gs://orders-secrets/db.json#username",
      "DB_PASS", "gs://orders-secrets/db.json#password",
      "WEBHOOK_KEY", "gcp-kms://" + CoreDemo.KMS_KEY + "?ciphertext=" + CoreDemo.WEBHOOK_CIPHERTEXT);

  @Test
  void handler_signedOrder_isAcceptedWithInjectedSecrets() {
    OrdersHandler handler = CoreDemo.component(DEPLOYED).handler();

    String order = "{\"order\":1}";
    assertThat(handler.handle(order, CoreDemo.sign(order)))
        .isEqualTo("201 stored as orders-app (password Secret[DB_PASS, redacted])");
    assertThat(handler.handle(order + " ", CoreDemo.sign(order))).startsWith("403");
  }

  @Test
  void handler_missingSecret_failsAtStartUp() {
    assertThatThrownBy(() -> CoreDemo.component(Map.of("DB_USER", "gs://orders-secrets/db.json#username")).handler())
        .isInstanceOf(SecretResolutionException.class)
        .hasMessageContaining("DB_PASS: LOOKUP failed")
        .hasMessageContaining("WEBHOOK_KEY: LOOKUP failed");
  }

  @Test
  void main_printsRedactedResultsAndTheAggregatedError() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      CoreDemo.main(new String[0]);
    } finally {
      System.setOut(original);
    }

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("signed order   -> 201 stored as orders-app")
        .contains("tampered order -> 403 rejected")
        .contains("secretfn could not resolve 3 of 3 secrets")
        .doesNotContain("correct horse")
        .doesNotContain(CoreDemo.WEBHOOK_KEY);
  }
}
