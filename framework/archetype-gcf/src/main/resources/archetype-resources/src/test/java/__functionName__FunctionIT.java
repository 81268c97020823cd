package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import dev.secretfn.testing.gcp.InvokerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployable jar on the real Functions Framework invoker, in a JVM of its own, against the Cloud KMS and Cloud
 * Storage emulators: the secrets resolve at start-up, the answers are right, and no plaintext reaches the
 * function's environment or its log.
 */
class ${functionName}FunctionIT {
  private static final Path BUILD = Path.of("target");
  private static final String JAR = System.getProperty("function.jar");
  private static final String API_KEY = "canary-api-key-" + UUID.randomUUID();
  private static final String SIGNING_KEY = "canary-signing-key-" + UUID.randomUUID();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static CloudKmsEmulator kms;
  private static CloudStorageEmulator gcs;
  private static Map<String, String> deployment;

  @BeforeAll
  static void seedEmulators() {
    kms = CloudKmsEmulator.start();
    gcs = CloudStorageEmulator.start();
    deployment = DemoDeployment.seed(kms, gcs, API_KEY, SIGNING_KEY);
  }

  @AfterAll
  static void stopEmulators() {
    kms.close();
    gcs.close();
  }

  @Test
  void function_deployedSecrets_answersSignedGreetingsAndKeepsPlaintextInMemory() throws Exception {
    try (InvokerProcess function = start(deployment, "serving")) {
      HttpResponse<String> greeting = get(function, "/?name=Ada", API_KEY);
      HttpResponse<String> refused = get(function, "/", "not-the-api-key");

      assertThat(greeting.statusCode()).as(function.output()).isEqualTo(200);
      assertThat(greeting.body()).isEqualTo("{\"message\":\"Hello, Ada!\"}");
      assertThat(greeting.headers().firstValue("X-Signature"))
          .hasValue("sha256=" + ${functionName}HandlerTest.hmacHex(SIGNING_KEY, greeting.body()));
      assertThat(refused.statusCode()).isEqualTo(401);
      for (String plaintext : new String[] {API_KEY, SIGNING_KEY}) {
        assertThat(function.environ()).doesNotContain(plaintext);
        assertThat(function.output()).doesNotContain(plaintext);
      }
    }
  }

  @Test
  void function_secretMissing_doesNotStartAndNamesTheVariable() throws Exception {
    Map<String, String> env = new HashMap<>(deployment);
    env.remove("SIGNING_KEY");
    try (InvokerProcess function =
        InvokerProcess.start(BUILD, JAR, ${functionName}Function.class.getName(), env, "missing-secret")) {
      assertThat(function.awaitExit(60_000)).isNotZero();
      assertThat(function.output()).contains("SIGNING_KEY: LOOKUP failed").doesNotContain(API_KEY);
    }
  }

  private static InvokerProcess start(Map<String, String> env, String name) throws Exception {
    return InvokerProcess.start(BUILD, JAR, ${functionName}Function.class.getName(), env, name).awaitServing(60_000);
  }

  private static HttpResponse<String> get(InvokerProcess function, String path, String apiKey) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + function.port() + path))
        .header("X-Api-Key", apiKey).build(), HttpResponse.BodyHandlers.ofString());
  }
}
