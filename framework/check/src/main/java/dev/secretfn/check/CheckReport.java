package dev.secretfn.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The result of a check: a header (the function's component, the deployment, the number of declared secrets),
 * notes about the check itself, one {@link Finding} per line ordered by variable, and a summary. Holds no value
 * of the deployment. Immutable.
 *
 * <pre>{@code
 * CheckReport report = DeploymentCheck.run(request);
 * report.lines().forEach(System.out::println);
 * if (report.hasErrors()) {
 *   throw new MojoFailureException(report.errors() + " errors in the deployment's secrets");
 * }
 * }</pre>
 */
public final class CheckReport {
  private final String header;
  private final List<String> notes;
  private final List<Finding> findings;

  CheckReport(String header, List<String> notes, List<Finding> findings) {
    this.header = header;
    this.notes = List.copyOf(notes);
    this.findings = List.copyOf(findings);
  }

  /** One line per finding, ordered by variable. */
  public List<Finding> findings() {
    return findings;
  }

  /** Whether any finding is an {@link Severity#ERROR}: the deployment would fail or leak. */
  public boolean hasErrors() {
    return errors() > 0;
  }

  public int errors() {
    return count(Severity.ERROR);
  }

  public int warnings() {
    return count(Severity.WARNING);
  }

  /** The report as printed: header, notes, findings, and {@code "N errors, M warnings"}. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(header);
    notes.forEach(n -> lines.add("NOTE: " + n));
    findings.forEach(f -> lines.add(f.toString()));
    lines.add(errors() + (errors() == 1 ? " error, " : " errors, ") + warnings()
        + (warnings() == 1 ? " warning" : " warnings"));
    return Collections.unmodifiableList(lines);
  }

  private int count(Severity severity) {
    return (int) findings.stream().filter(f -> f.severity() == severity).count();
  }

  /** The report's lines, joined. */
  @Override
  public String toString() {
    return String.join("\n", lines());
  }
}
