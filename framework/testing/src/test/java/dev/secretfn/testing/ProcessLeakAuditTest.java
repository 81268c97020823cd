package dev.secretfn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Reading what a (failing) process exposes, and finding a canary in it. */
class ProcessLeakAuditTest {
  @Test
  void readWhileAlive_livingProcess_readsItsEnvironAndSystemProperties() {
    Map<String, String> texts = ProcessLeakAudit.readWhileAlive(ProcessHandle.current().pid(), true);

    assertThat(texts).containsOnlyKeys("environ", "system properties");
    assertThat(texts.get("environ")).contains("PATH=");
    assertThat(texts.get("system properties")).contains("java.home=");
  }

  @Test
  void readWhileAlive_exitedProcess_readsNothing() throws Exception {
    Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-version").start();
    child.waitFor();

    assertThat(ProcessLeakAudit.readWhileAlive(child.pid(), true)).isEmpty();
  }

  @Test
  void findings_canaryInReadText_isReportedWithItsChannel() {
    String canary = "canary-" + UUID.randomUUID();
    List<String> findings = ProcessLeakAudit.of(List.of(canary))
        .findings("probe", Map.of("environ", "A=1\u0000SECRET=" + canary), List.of());

    assertThat(findings).hasSize(1);
    assertThat(findings.get(0)).contains("probe").contains("environ").doesNotContain(canary);
  }
}
