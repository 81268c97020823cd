package dev.secretfn.aws.ssm.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.aws.ssm.SsmModule;
import dev.secretfn.testing.CanaryAudit;
import dev.secretfn.testing.aws.SsmEmulator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A start-up that fails after calling SSM through the SDK must leave no non-daemon thread behind: one would keep
 * the JVM alive after the platform's constructor call threw (the SDK schedules its call timeouts on threads of its
 * own). Also: the client for a region is built once, however many fetches and start-ups use it.
 */
class OfficialClientThreadsTest {
  @Test
  void resolve_deniedOrTooSlow_leavesNoNonDaemonThread() {
    Set<Thread> before = nonDaemonThreads();
    try (SsmEmulator ssm = OfficialClientFixture.started()) {
      ssm.putSecureString("/app/db", "v", "alias/aws/ssm");
      OfficialStore store = OfficialStore.of(Map.of("AWS_REGION", "us-east-1",
          SsmModule.EMULATOR_HOST, ssm.endpoint().substring("http://".length())));
      ssm.knobs().deny(SsmEmulator.arn("/app/db"));
      assertThat(store.failures(Map.of("DB", "ssm:///app/db"), Store.ONE_ATTEMPT))
          .isInstanceOf(SecretResolutionException.class);

      ssm.knobs().reset();
      ssm.knobs().latency(Duration.ofSeconds(3));
      assertThat(store.failures(Map.of("DB", "ssm:///app/db"),
          ResolverSettings.builder().deadline(Duration.ofMillis(500)).build()))
          .isInstanceOf(SecretResolutionException.class);
    } // stops the emulator, whose dispatcher thread is not a daemon either

    Set<Thread> after = nonDaemonThreads();
    after.removeAll(before);
    assertThat(after.stream().map(Thread::getName).collect(Collectors.toList()))
        .as("non-daemon threads left by the failed start-ups (they would keep the JVM alive)").isEmpty();
  }

  @Test
  void resolve_manyParametersTwice_buildsOneClientForTheRegion() {
    try (SsmEmulator ssm = OfficialClientFixture.started();
        CanaryAudit audit = CanaryAudit.start().captureAllLevels("dev.secretfn")) {
      Map<String, String> references = new LinkedHashMap<>();
      for (int i = 1; i <= 12; i++) {
        ssm.putParameter("p" + i, "String", "v" + i);
        references.put("P" + i, "ssm://p" + i);
      }
      OfficialStore store = OfficialStore.of(Map.of("AWS_REGION", "us-east-1",
          SsmModule.EMULATOR_HOST, ssm.endpoint().substring("http://".length())));
      try {
        store.resolve(references, Store.ONE_ATTEMPT);
        store.resolve(references, Store.ONE_ATTEMPT);

        assertThat(store.transport().toString()).endsWith(", [us-east-1]]");
        assertThat(audit.logged("secretfn: SSM endpoint overridden to " + ssm.endpoint())).isEqualTo(1);
        assertThat(ssm.getParametersRequests()).hasSize(4);
      } finally {
        store.close();
      }
    }
  }

  private static Set<Thread> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon())
        .collect(Collectors.toSet());
  }
}
