package dev.secretfn.gcp;

import static dev.secretfn.gcp.GcpTestbed.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dagger.Component;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretVar;
import dev.secretfn.gcp.kms.CloudKmsModule;
import dev.secretfn.stores.SourceTestbed;
import dev.secretfn.stores.TestComponent;
import dev.secretfn.stores.TestDeployment;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A start-up that fails after calling Cloud KMS must leave no non-daemon thread behind: one would keep the
 * JVM alive after the platform's constructor call threw, so the Functions Framework invoker never exits.
 * Runs on the lean transport; gcp-kms-client's OfficialClientThreadsTest covers gax's deadline scheduler.
 */
class KmsClientThreadsTest {
  @SecretDeclarations
  interface Secrets {
    @SecretVar("DB_PASS") Secret dbPass();
  }

  @Singleton
  @Component(modules = {KmsClientThreadsTest_SecretsModule.class, CloudKmsModule.class, TestDeployment.class})
  interface Function extends TestComponent {
    @Component.Factory
    interface Factory {
      Function create(TestDeployment deployment);
    }
  }

  @Test
  void resolve_kmsDeniedOrTooSlow_leavesNoNonDaemonThread() throws Exception {
    Set<Thread> before = nonDaemonThreads();
    try (GcpTestbed testbed = new GcpTestbed()) {
      String ciphertext = testbed.encrypt(KEY, testbed.canary("db-pass"), "");
      testbed.kms.knobs().deny(KEY);
      Function denied = DaggerKmsClientThreadsTest_Function.factory().create(testbed.deployment(
          Map.of("DB_PASS", "gcp-kms://" + KEY + "?ciphertext=" + ciphertext)));
      SourceTestbed.startupFails(denied::secrets);

      testbed.kms.knobs().reset();
      testbed.kms.knobs().latency(Duration.ofSeconds(5));
      Function slow = DaggerKmsClientThreadsTest_Function.factory().create(TestDeployment.of(
          testbed.variables(Map.of("DB_PASS", "gcp-kms://" + KEY + "?ciphertext=" + ciphertext)),
          dev.secretfn.ResolverSettings.builder().deadline(Duration.ofMillis(300)).build()));
      SourceTestbed.startupFails(slow::secrets);
    } // stops the emulators, whose dispatcher threads are not daemons either

    Set<Thread> after = nonDaemonThreads();
    after.removeAll(before);
    assertThat(after.stream().map(Thread::getName).collect(Collectors.toList()))
        .as("non-daemon threads left by the failed start-ups (they would keep the JVM alive)").isEmpty();
  }

  private static Set<Thread> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon())
        .collect(Collectors.toSet());
  }
}
