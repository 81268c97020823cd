package dev.secretfn.gcp.secretmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.Environment;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolver;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.testing.gcp.SecretManagerEmulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A start-up that fails after calling Secret Manager through the official client must leave no non-daemon thread
 * behind: one would keep the JVM alive after the platform's constructor call threw, so the Functions Framework
 * invoker never exits. gax's REST channel starts such a thread (its deadline scheduler) as soon as a call carries
 * a timeout, which is why the official transport waits for its calls itself. The clients are not closed here, as a
 * failed start-up does not close them either.
 */
class OfficialClientThreadsTest {
  private static final String SECRET = "projects/secretfn-threads/secrets/db-pass";
  private static final String REGIONAL = "projects/secretfn-threads/locations/europe-west1/secrets/api-key";

  @Test
  void resolve_secretDeniedOrTooSlow_leavesNoNonDaemonThread() {
    Set<Thread> before = nonDaemonThreads();
    try (SecretManagerEmulator sm = SecretManagerEmulator.start()) {
      sm.createSecret(SECRET);
      sm.createSecret(REGIONAL);
      sm.addVersion(SECRET, new byte[] {1, 2, 3});
      sm.addVersion(REGIONAL, "key".getBytes(StandardCharsets.UTF_8));
      Map<String, String> variables = Map.of(
          GcpSettings.SECRET_MANAGER_EMULATOR_HOST, sm.endpoint().substring("http://".length()),
          "DB_PASS", "sm://secretfn-threads/db-pass#1",
          "API_KEY", "gcp-sm://" + REGIONAL + "/versions/1");
      sm.knobs().deny(SECRET);
      assertThatThrownBy(() -> resolve(variables, ResolverSettings.defaults()))
          .isInstanceOf(SecretResolutionException.class);

      sm.knobs().reset();
      sm.knobs().latency(Duration.ofSeconds(5));
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
    OfficialSecretManagerComponent function = OfficialSecretManagerComponent.of(variables);
    SecretResolver.create(function.syntaxes(), function.sources(), settings)
        .resolve(List.of(SecretDeclaration.required("DB_PASS"), SecretDeclaration.required("API_KEY")),
            Environment.of(variables));
  }

  private static Set<Thread> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon())
        .collect(Collectors.toSet());
  }
}
