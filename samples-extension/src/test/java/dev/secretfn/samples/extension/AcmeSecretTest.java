package dev.secretfn.samples.extension;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Only a version pins an acme:// reference: the service's latest moves with each new version. */
class AcmeSecretTest {
  @Test
  void pinned_withoutVersion_isFalseAndRefreshable() {
    AcmeSecret latest = AcmeSecret.of("payments/db");

    assertFalse(latest.pinned());
    assertTrue(latest.refreshable());
  }

  @Test
  void pinned_withVersion_isTrueAndNotRefreshable() {
    AcmeSecret pinned = new AcmeSecret("payments/db", OptionalLong.of(3), Optional.of("password"));

    assertTrue(pinned.pinned());
    assertFalse(pinned.refreshable());
  }
}
