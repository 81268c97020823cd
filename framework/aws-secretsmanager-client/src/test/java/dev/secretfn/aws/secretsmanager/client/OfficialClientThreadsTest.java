package dev.secretfn.aws.secretsmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.Environment;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolver;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.testing.aws.SecretsManagerEmulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A start-up that fails after calling Secrets Manager through the SDK's client must leave no non-daemon thread
 * behind: one would keep the JVM alive after the platform's constructor call threw. The SDK schedules its API call
 * timeouts (set from the deadline on every call) on an executor of its own; its threads must be daemons, and the
 * clients are deliberately not closed here, as a failed start-up does not close them either.
 */
class OfficialClientThreadsTest {
  @Test
  void resolve_deniedOrTooSlow_leavesNoNonDaemonThread() {
    Set<Thread> before = nonDaemonThreads();
    try (SecretsManagerEmulator sm = SecretsManagerEmulator.start()) {
      sm.createSecret("prod/db", "v");
      Map<String, String> variables = Map.of("AWS_REGION", "us-east-1",
          AwsSettings.SECRETS_MANAGER_EMULATOR_HOST, sm.endpoint().substring("http://".length()),
          "DB_PASS", "aws-sm://prod/db");
      sm.knobs().deny(sm.denialOf("prod/db"));
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
    OfficialStore function = OfficialStore.of(variables);
    SecretResolver.create(function.syntaxes(), function.sources(), settings)
        .resolve(List.of(SecretDeclaration.required("DB_PASS")), Environment.of(variables));
  }

  private static Set<Thread> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon())
        .collect(Collectors.toSet());
  }
}
