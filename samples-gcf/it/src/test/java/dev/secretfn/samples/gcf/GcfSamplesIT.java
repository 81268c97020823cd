package dev.secretfn.samples.gcf;

import dev.secretfn.samples.support.UpstreamStub;
import dev.secretfn.testing.gcp.InvokerProcess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each sample on the real Functions Framework invoker, in its own JVM, against the emulators: the answer is
 * right, the upstream saw the real plaintext, and the plaintext is in neither the JVM's environment, nor its
 * temp directory, nor its output.
 */
class GcfSamplesIT {
  private static final Path BUILD = Path.of("target");
  private static final String DB_USER = "orders-app";
  private static final String DB_PASS = "canary-db-pass-" + UUID.randomUUID();
  private static final String API_KEY = "canary-api-key-" + UUID.randomUUID();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static CloudKmsEmulator kms;
  private static CloudStorageEmulator gcs;
  private static UpstreamStub upstream;
  private static DemoDeployment deployment;

  @BeforeAll
  static void startEmulators() throws Exception {
    kms = CloudKmsEmulator.start();
    gcs = CloudStorageEmulator.start();
    upstream = UpstreamStub.start(DB_USER, DB_PASS, API_KEY);
    deployment = new DemoDeployment(kms, gcs, upstream, DB_USER, DB_PASS, API_KEY);
  }

  @AfterAll
  static void stopEmulators() {
    kms.close();
    gcs.close();
    upstream.close();
  }

  @Test
  void ordersFunction_bucketJsonSecret_readsTheObjectOnceForBothFields() throws Exception {
    int readsBefore = mediaReadsOf(DemoDeployment.CREDENTIALS_OBJECT);
    try (InvokerProcess function = start(OrdersFunction.class, deployment.ordersBucket, "orders-bucket")) {
      HttpResponse<String> response = get(function, "/");
      get(function, "/");

      assertThat(response.statusCode()).as(function.output()).isEqualTo(200);
      assertThat(response.body()).contains("\"open_orders\":3");
      assertThat(mediaReadsOf(DemoDeployment.CREDENTIALS_OBJECT) - readsBefore).isEqualTo(1);
      assertNoPlaintextOutsideMemory(function, DB_PASS);
    }
  }

  @Test
  void weatherFunction_berglasSecret_callsApiWithTheKey() throws Exception {
    try (InvokerProcess function = start(WeatherFunction.class, deployment.weatherBerglas, "weather-berglas")) {
      HttpResponse<String> response = get(function, "/?city=Bern");

      assertThat(response.statusCode()).as(function.output()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"city\":\"Bern\",\"forecast\":\"sunny\",\"celsius\":21}");
      assertNoPlaintextOutsideMemory(function, API_KEY);
    }
  }

  @Test
  void weatherFunction_kmsEncryptedVariable_callsApiWithTheDecryptedKey() throws Exception {
    long decryptsBefore = decryptsOf(DemoDeployment.KEY);
    try (InvokerProcess function = start(WeatherFunction.class, deployment.weatherKms, "weather-kms")) {
      HttpResponse<String> response = get(function, "/?city=Bern");
      get(function, "/?city=Bern");

      assertThat(response.statusCode()).as(function.output()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"city\":\"Bern\",\"forecast\":\"sunny\",\"celsius\":21}");
      assertThat(decryptsOf(DemoDeployment.KEY) - decryptsBefore).as("one decrypt, at start-up").isEqualTo(1);
      assertNoPlaintextOutsideMemory(function, API_KEY);
    }
  }

  @Test
  void ordersFunction_unreadableSecrets_invokerDoesNotStartAndSaysWhy() throws Exception {
    Map<String, String> env = new HashMap<>(deployment.ordersBucket);
    env.remove("DB_PASS");
    env.put("DB_USER", "gs://" + DemoDeployment.BUCKET + "/missing.json#username");
    try (InvokerProcess function =
        InvokerProcess.start(BUILD, FunctionJar.of(BUILD, OrdersFunction.class), OrdersFunction.class.getName(), env,
            "orders-broken")) {
      int status = function.awaitExit(60_000);

      assertThat(status).isNotZero();
      assertThat(function.output())
          .contains("secretfn could not resolve 2 of 2 secrets")
          .contains("DB_PASS: LOOKUP failed: the variable is not set")
          .contains("DB_USER = gs://" + DemoDeployment.BUCKET + "/missing.json#username: FETCH failed:"
              + " Cloud Storage answered HTTP 404")
          .doesNotContain(DB_PASS);
    }
  }

  @Test
  void ordersFunction_concurrentRequests_allAnsweredWithoutAnotherResolution() throws Exception {
    try (InvokerProcess function = start(OrdersFunction.class, deployment.ordersBucket, "orders-concurrent")) {
      int readsAfterStart = mediaReadsOf(DemoDeployment.CREDENTIALS_OBJECT);
      int authorizedBefore = upstream.authorized();
      List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        answers.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + function.port() + "/"))
            .build(), HttpResponse.BodyHandlers.ofString()));
      }
      for (var answer : answers) {
        assertThat(answer.get().statusCode()).as(function.output()).isEqualTo(200);
        assertThat(answer.get().body()).contains("\"open_orders\":3");
      }

      assertThat(upstream.authorized() - authorizedBefore).isEqualTo(20);
      assertThat(mediaReadsOf(DemoDeployment.CREDENTIALS_OBJECT)).as("no store call per request: the refreshing"
          + " credentials are younger than their maximum age").isEqualTo(readsAfterStart);
    }
  }

  private static InvokerProcess start(Class<?> target, Map<String, String> env, String name) throws Exception {
    return InvokerProcess.start(BUILD, FunctionJar.of(BUILD, target), target.getName(), env, name).awaitServing(60_000);
  }

  private static HttpResponse<String> get(InvokerProcess function, String path)
      throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + function.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void assertNoPlaintextOutsideMemory(InvokerProcess function, String plaintext) throws IOException {
    assertThat(function.environ()).doesNotContain(plaintext);
    assertThat(function.output()).doesNotContain(plaintext);
    try (Stream<Path> files = Files.walk(function.tempDir())) {
      List<Path> leaking = files.filter(Files::isRegularFile)
          .filter(file -> contains(file, plaintext))
          .collect(Collectors.toList());
      assertThat(leaking).isEmpty();
    }
  }

  private static boolean contains(Path file, String plaintext) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(plaintext);
    } catch (IOException e) {
      return false;
    }
  }

  private static long decryptsOf(String key) {
    return kms.requests().stream().filter(r -> r.path().contains(":decrypt") || r.path().contains("%3Adecrypt"))
        .filter(r -> r.path().contains(key.substring(key.lastIndexOf('/') + 1))).count();
  }

  private static int mediaReadsOf(String object) {
    String encoded = object.replace("/", "%2F");
    return (int) gcs.requests().stream()
        .filter(r -> r.query() != null && r.query().contains("alt=media"))
        .map(RecordedRequest::path)
        .filter(p -> p.endsWith("/o/" + encoded))
        .count();
  }
}
