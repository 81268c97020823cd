package dev.secretfn.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.Environment;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.testing.CanaryAudit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the probe decides before any store is called: what it does not probe, and where it looks variables up. */
class ProbeTest {
  private final CanaryAudit audit = CanaryAudit.start().captureAllLevels("dev.secretfn");

  @AfterEach
  void stop() {
    audit.close();
  }

  @Test
  void run_schemeNotBuiltIn_notesNotProbed() {
    List<Finding> findings = probe(List.of(SecretDeclaration.required("LEDGER_KEY")),
        Map.of("LEDGER_KEY", "acme-ledger://payments/key"), Map.of());

    assertThat(findings).containsExactly(Finding.of(Severity.NOTE, "LEDGER_KEY",
        "not probed: the check has no source for acme-ledger:// references (a store of your own)",
        Optional.empty()));
  }

  @Test
  void run_mountedFile_notesNotProbedWhereTheCheckRuns() {
    List<Finding> findings = probe(List.of(SecretDeclaration.required("DB_PASS")),
        Map.of("DB_PASS", "file:///secrets/db#password"), Map.of());

    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.NOTE);
      assertThat(f.message()).startsWith("not probed: file:// secrets are mounted by the platform");
    });
  }

  @Test
  void run_optionalNotSet_notesNothingToProbe() {
    List<Finding> findings = probe(
        List.of(SecretDeclaration.optional("FEATURE_KEY"), SecretDeclaration.optional("REGION_NAME", "eu")),
        Map.of(), Map.of());

    assertThat(findings).extracting(Finding::severity).containsOnly(Severity.NOTE);
    assertThat(findings).extracting(Finding::message).containsExactly(
        "not set: it is optional, nothing to probe", "not set: its declared default applies, nothing to probe");
  }

  @Test
  void run_requiredSetOnlyWhereTheCheckRuns_errorNotSet() {
    // The shell that runs the check holds DB_PASS; the deployment does not, so the function would not start.
    List<Finding> findings = probe(List.of(SecretDeclaration.required("DB_PASS")), Map.of(),
        Map.of("DB_PASS", "file:///secrets/db"));

    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
      assertThat(f.message()).isEqualTo("probe failed: LOOKUP failed: the variable is not set");
      assertThat(f.fix()).hasValueSatisfying(fix -> assertThat(fix).startsWith("set DB_PASS to a reference"));
    });
  }

  @Test
  void run_plaintextInsteadOfReference_errorWithoutTheValue() {
    String plaintext = audit.canary("plaintext");

    List<Finding> findings = probe(List.of(SecretDeclaration.required("DB_PASS")), Map.of("DB_PASS", plaintext),
        Map.of());

    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
      assertThat(f.message()).contains("PARSE_REFERENCE failed").contains("does not hold a reference");
    });
    audit.assertAbsentFrom(findings.toArray());
  }

  @Test
  void run_variableDeclaredTwice_oneFinding() {
    List<Finding> findings = probe(
        List.of(SecretDeclaration.optional("FEATURE_KEY"), SecretDeclaration.optional("FEATURE_KEY")),
        Map.of(), Map.of());

    assertThat(findings).extracting(Finding::variable).containsExactly("FEATURE_KEY");
  }

  @Test
  void run_noDeclarations_noFindings() {
    assertThat(probe(List.of(), Map.of("DB_PASS", "gs://b/o"), Map.of())).isEmpty();
  }

  @Test
  void run_deadlineOutOfRange_refused() {
    assertThatThrownBy(() -> Probe.run(List.of(), Environment.of(Map.of()), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadline");
  }

  private static List<Finding> probe(List<SecretDeclaration> declarations, Map<String, String> deployment,
      Map<String, String> process) {
    return Probe.run(declarations, Environment.of(deployment), Environment.of(process), Duration.ofSeconds(5),
        resolved -> {});
  }
}
