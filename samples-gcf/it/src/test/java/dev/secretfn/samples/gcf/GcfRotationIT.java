package dev.secretfn.samples.gcf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.samples.support.UpstreamStub;
import dev.secretfn.testing.ProcessLeakAudit;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import dev.secretfn.testing.gcp.InvokerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database password rotates while the orders function serves, on the real invoker, without a redeploy: the
 * team writes the new password to the credentials object (a new generation) and the database accepts only it
 * from then on. The next request is rejected once, the function refreshes its credentials (both fields, one read)
 * and retries, and that request and every later one succeed; later ones on their first try. Neither password
 * shows outside the process's memory. Fresh emulators per test.
 */
class GcfRotationIT {
  private static final Path BUILD = Path.of("target");
  private static final String DB_USER = "orders-app";
  private static final String API_KEY = "canary-api-key-" + UUID.randomUUID();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String passwordV1 = "canary-db-pass-v1-" + UUID.randomUUID();
  private final String passwordV2 = "canary-db-pass-v2-" + UUID.randomUUID();
  private CloudKmsEmulator kms;
  private CloudStorageEmulator gcs;
  private UpstreamStub upstream;
  private DemoDeployment deployment;

  @BeforeEach
  void startEmulators() throws Exception {
    kms = CloudKmsEmulator.start();
    gcs = CloudStorageEmulator.start();
    upstream = UpstreamStub.start(DB_USER, passwordV1, API_KEY);
    deployment = new DemoDeployment(kms, gcs, upstream, DB_USER, passwordV1, API_KEY);
  }

  @AfterEach
  void stopEmulators() {
    kms.close();
    gcs.close();
    upstream.close();
  }

  @Test
  void ordersFunction_passwordRotated_nextRequestRefreshesAndRetriesOnceThenLaterOnesSucceedFirstTime()
      throws Exception {
    try (InvokerProcess function = start("rotation")) {
      assertThat(get(function).statusCode()).as(function.output()).isEqualTo(200);
      assertThat(upstream.rejected()).isZero();
      int readsBefore = credentialReads();

      long generation = DemoDeployment.rotateCredentials(gcs, DB_USER, passwordV2);
      upstream.acceptOnlyDbPass(passwordV2);
      int authorized = upstream.authorized();

      HttpResponse<String> rotated = get(function);
      assertThat(rotated.statusCode()).as(function.output()).isEqualTo(200);
      assertThat(rotated.body()).contains("\"open_orders\":3");
      assertThat(upstream.rejected()).as("the first call, with the old password").isEqualTo(1);
      assertThat(upstream.authorized() - authorized).as("the retry, with the new one").isEqualTo(1);
      assertThat(credentialReads() - readsBefore).as("one refresh read both fields").isEqualTo(1);
      assertThat(generation).isGreaterThan(1);

      for (int i = 0; i < 5; i++) {
        assertThat(get(function).statusCode()).as(function.output()).isEqualTo(200);
      }
      assertThat(upstream.rejected()).as("later requests succeed on their first try").isEqualTo(1);
      assertThat(upstream.authorized() - authorized).isEqualTo(6);
      assertThat(credentialReads() - readsBefore).as("no read per request").isEqualTo(1);
      assertThat(leaks("rotation", function)).isEmpty();
    }
  }

  @Test
  void ordersFunction_databaseRotatedButNotTheObject_retriesOnceThenAnswersAnErrorWithoutAValue()
      throws Exception {
    try (InvokerProcess function = start("rotation-object-stale")) {
      assertThat(get(function).statusCode()).as(function.output()).isEqualTo(200);
      int readsBefore = credentialReads();

      upstream.acceptOnlyDbPass(passwordV2); // the object still holds version 1

      HttpResponse<String> rejected = get(function);
      assertThat(rejected.statusCode()).as(function.output()).isEqualTo(502);
      assertThat(rejected.body()).isEqualTo("{\"error\":\"the orders API answered 401\"}");
      assertThat(upstream.rejected()).as("the first call and the one retry").isEqualTo(2);
      assertThat(credentialReads() - readsBefore).isEqualTo(1);
      assertThat(leaks("rotation-object-stale", function)).isEmpty();
    }
  }

  @Test
  void ordersFunction_refreshDenied_answersAnErrorWithoutAValueAndLogsWhyOnce() throws Exception {
    try (InvokerProcess function = start("rotation-denied")) {
      assertThat(get(function).statusCode()).as(function.output()).isEqualTo(200);

      DemoDeployment.rotateCredentials(gcs, DB_USER, passwordV2);
      upstream.acceptOnlyDbPass(passwordV2);
      gcs.knobs().deny(DemoDeployment.BUCKET + "/" + DemoDeployment.CREDENTIALS_OBJECT);

      HttpResponse<String> failed = get(function);
      assertThat(failed.statusCode()).as(function.output()).isEqualTo(503);
      assertThat(failed.body()).isEqualTo(
          "{\"error\":\"the orders API rejected the database credentials and refreshing them failed\"}");
      assertThat(upstream.rejected()).as("no retry without new credentials").isEqualTo(1);
      assertThat(function.output())
          .containsOnlyOnce("secretfn: refreshing DB_PASS and DB_USER failed")
          .contains("DB_PASS = gs://" + DemoDeployment.BUCKET + "/" + DemoDeployment.CREDENTIALS_OBJECT
              + "#password: FETCH failed");
      assertThat(leaks("rotation-denied", function)).isEmpty();
    }
  }

  private InvokerProcess start(String name) throws Exception {
    return InvokerProcess.start(BUILD, FunctionJar.of(BUILD, OrdersFunction.class), OrdersFunction.class.getName(),
        deployment.ordersBucket, name).awaitServing(60_000);
  }

  private static HttpResponse<String> get(InvokerProcess function) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + function.port() + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Either password (raw, base64 or hex) in the process's environment, system properties, output or temp files. */
  private List<String> leaks(String name, InvokerProcess function) throws Exception {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("environ", function.environ());
    texts.put("system properties", ProcessLeakAudit.systemProperties(function.pid()));
    texts.put("output", function.output());
    return ProcessLeakAudit.of(List.of(passwordV1, passwordV2)).findings(name, texts, List.of(function.tempDir()));
  }

  private int credentialReads() {
    String encoded = DemoDeployment.CREDENTIALS_OBJECT.replace("/", "%2F");
    return (int) gcs.requests().stream()
        .filter(r -> r.query() != null && r.query().contains("alt=media"))
        .map(RecordedRequest::path)
        .filter(p -> p.endsWith("/o/" + encoded))
        .count();
  }
}
