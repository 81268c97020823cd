package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeClientProcess;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.Invocation;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.ReportedError;
import dev.secretfn.testing.aws.SsmEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployable jar, extracted into a task root as Lambda does, on the real runtime interface client against the
 * Lambda Runtime API, AWS KMS and SSM emulators: the secrets resolve during INIT, the answers are right, and no
 * plaintext reaches the function's environment or its log.
 */
class ${functionName}FunctionIT {
  private static final Path JAR = Path.of(System.getProperty("function.jar"));
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String API_KEY = "canary-api-key-" + UUID.randomUUID();
  private static final String SIGNING_KEY = "canary-signing-key-" + UUID.randomUUID();

  private static AwsKmsEmulator kms;
  private static SsmEmulator ssm;

  @BeforeAll
  static void startEmulators() {
    kms = AwsKmsEmulator.start();
    ssm = SsmEmulator.start();
  }

  @AfterAll
  static void stopEmulators() {
    kms.close();
    ssm.close();
  }

  @Test
  void function_deployedSecrets_answersSignedGreetingsAndKeepsPlaintextInMemory() throws Exception {
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
        LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment("serving",
            DemoDeployment.HANDLER, DemoDeployment.seed(kms, ssm, lambda, API_KEY, SIGNING_KEY), JAR)) {
      Invocation greeting = lambda.invoke(DemoDeployment.event("Ada", API_KEY), WAIT);
      Invocation refused = lambda.invoke(DemoDeployment.event("Ada", "not-the-api-key"), WAIT);

      assertThat(greeting.status()).as(function.output()).isEqualTo(Invocation.Status.SUCCESS);
      String body = "{\"message\":\"Hello, Ada!\"}";
      assertThat(greeting.body()).contains("\"statusCode\":200")
          .contains("\"body\":\"{\\\"message\\\":\\\"Hello, Ada!\\\"}\"")
          .contains("\"X-Signature\":\"sha256=" + ${functionName}HandlerTest.hmacHex(SIGNING_KEY, body) + "\"");
      assertThat(refused.body()).contains("\"statusCode\":401").doesNotContain("X-Signature");
      for (String plaintext : new String[] {API_KEY, SIGNING_KEY}) {
        assertThat(function.environ()).doesNotContain(plaintext);
        assertThat(function.output()).doesNotContain(plaintext);
      }
    }
  }

  @Test
  void function_secretMissing_failsInitAndNamesTheVariable() throws Exception {
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start()) {
      Map<String, String> env = DemoDeployment.seed(kms, ssm, lambda, API_KEY, SIGNING_KEY);
      env.remove("SIGNING_KEY");
      try (LambdaRuntimeClientProcess function =
          LambdaRuntimeClientProcess.startDeployment("missing-secret", DemoDeployment.HANDLER, env, JAR)) {
        ReportedError error = lambda.awaitInitError(WAIT)
            .orElseThrow(() -> new AssertionError("no init error:\n" + function.output()));

        assertThat(error.errorMessage()).get().asString().contains("SIGNING_KEY: LOOKUP failed")
            .doesNotContain(API_KEY);
      }
    }
  }
}
