package dev.secretfn.gcp.kms.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.Environment;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolver;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A start-up that fails after calling Cloud KMS through the official client must leave no non-daemon thread
 * behind: one would keep the JVM alive after the platform's constructor call threw, so the Functions Framework
 * invoker never exits. gax's REST channel starts such a thread (its deadline scheduler) as soon as a call
 * carries a timeout, which is why the official transport waits for its calls itself.
 */
class OfficialClientThreadsTest {
  private static final String KEY = "projects/secretfn-threads/locations/global/keyRings/r/cryptoKeys/k";

  @Test
  void resolve_kmsDeniedOrTooSlow_leavesNoNonDaemonThread() {
    Set<Thread> before = nonDaemonThreads();
    try (CloudKmsEmulator kms = CloudKmsEmulator.start()) {
      kms.createKey(KEY);
      Map<String, String> variables = Map.of(
          GcpSettings.KMS_EMULATOR_HOST, kms.endpoint().substring("http://".length()),
          "DB_PASS", "gcp-kms://" + KEY + "?ciphertext="
              + Base64.getEncoder().encodeToString(kms.encrypt(KEY, new byte[] {1, 2, 3}, new byte[0])));
      kms.knobs().deny(KEY);
      assertThatThrownBy(() -> resolve(variables, ResolverSettings.defaults()))
          .isInstanceOf(SecretResolutionException.class);

      kms.knobs().reset();
      kms.knobs().latency(Duration.ofSeconds(5));
      assertThatThrownBy(() -> resolve(variables,
          ResolverSettings.builder().deadline(Duration.ofMillis(300)).build()))
          .isInstanceOf(SecretResolutionException.class);
    } // stops the emulator, whose dispatcher thread is not a daemon either

    Set<Thread> after = nonDaemonThreads();
    after.removeAll(before);
    assertThat(after.stream().map(Thread::getName).collect(Collectors.toList()))
        .as("non-daemon threads left by the failed start-ups (they would keep the JVM alive)").isEmpty();
  }

  private static void resolve(Map<String, String> variables, ResolverSettings settings) {
    OfficialKmsComponent function = OfficialKmsComponent.of(variables);
    SecretResolver.create(function.syntaxes(), function.sources(), settings)
        .resolve(List.of(SecretDeclaration.required("DB_PASS")), Environment.of(variables));
  }

  private static Set<Thread> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon())
        .collect(Collectors.toSet());
  }
}
