package dev.secretfn.stores;

import dev.secretfn.testing.CanaryAudit;
import java.util.Arrays;
import java.util.Map;

/**
 * One cloud's side of a {@link StoreLeakAuditTest} case: its testbed, the class's canary audit, and the helpers its
 * scenarios plant canaries with.
 */
abstract class LeakFixture {
  private final CanaryAudit audit;

  LeakFixture(CanaryAudit audit) {
    this.audit = audit;
  }

  abstract SourceTestbed testbed();

  /** The variables a bare ciphertext's syntax reads besides the value (a default key, say). */
  abstract Map<String, String> ciphertextEnvironment();

  /** A canary of the class's audit, which also watches the log at every level, the streams and the files. */
  final String canary(String what) {
    return audit.canary(what);
  }

  /** Other secret material (a data key) that must not show up either. */
  final void forbid(byte[] secret) {
    audit.forbid(secret);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
