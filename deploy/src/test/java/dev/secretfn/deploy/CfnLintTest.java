package dev.secretfn.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs cfn-lint (which applies the SAM transform with AWS's own translator, then checks the resulting
 * CloudFormation against the resource specifications) over deploy/aws/template.yaml. cfn-lint is a Python
 * tool with no Debian package, so CI does not install it and this test is <em>skipped</em>, visibly, where it
 * is missing: {@code pip install cfn-lint} to run it. AwsTemplateTest checks the template either way.
 */
class CfnLintTest {
  @Test
  void cfnLint_findsNothingInTheTemplate() throws IOException, InterruptedException {
    assumeTrue(installed(), "cfn-lint is not installed (pip install cfn-lint); template.yaml was not linted");

    Process lint = new ProcessBuilder("cfn-lint", "--format", "parseable", "--",
        Platform.AWS.scripts.resolve("template.yaml").toString()).redirectErrorStream(true).start();
    lint.getOutputStream().close();
    String output = new String(lint.getInputStream().readAllBytes(), UTF_8);
    assertThat(lint.waitFor(300, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();
    assertThat(output).as("cfn-lint findings").isEmpty();
    assertThat(lint.exitValue()).as("cfn-lint exit status").isZero();
  }

  private static boolean installed() {
    try {
      Process probe = new ProcessBuilder("cfn-lint", "--version").redirectErrorStream(true).start();
      probe.getOutputStream().close();
      probe.getInputStream().readAllBytes();
      return probe.waitFor(120, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
