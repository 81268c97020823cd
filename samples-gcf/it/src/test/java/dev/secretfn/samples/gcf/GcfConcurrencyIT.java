package dev.secretfn.samples.gcf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.samples.support.UpstreamStub;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import dev.secretfn.testing.gcp.InvokerProcess;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 100 concurrent first requests on the real invoker, sent before the port opens and retried until it does, so
 * that they all arrive the moment it opens: every one is answered correctly, and the emulators' request logs
 * prove that the instance resolved its secrets exactly once.
 */
class GcfConcurrencyIT {
  private static final Path BUILD = Path.of("target");
  private static final int REQUESTS = 100;
  private static final String DB_USER = "orders-app";
  private static final String DB_PASS = "canary-db-pass-" + UUID.randomUUID();
  private static final String API_KEY = "canary-api-key-" + UUID.randomUUID();

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
  void weatherFunction_kmsEncryptedVariable_hundredRequestsBeforeThePortOpens_allAnsweredAfterOneDecrypt()
      throws Exception {
    assertAllAnsweredAfterOneResolution(WeatherFunction.class, "/?city=Bern", "\"forecast\":\"sunny\"",
        deployment.weatherKms, "concurrent-kms", () -> decrypts(), 1, "secretfn resolved 1 secret ");
  }

  @Test
  void ordersFunction_bucketSecret_hundredFirstRequests_oneObjectRead() throws Exception {
    assertAllAnsweredAfterOneResolution(OrdersFunction.class, "/", "\"open_orders\":3", deployment.ordersBucket,
        "concurrent-bucket", () -> mediaReads(), 1, "secretfn resolved 2 secrets");
  }

  private void assertAllAnsweredAfterOneResolution(Class<?> target, String path, String answerFragment,
      java.util.Map<String, String> env, String name, java.util.function.LongSupplier secretRequests,
      long expectedRequests, String resolvedLine) throws Exception {
    long before = secretRequests.getAsLong();
    int authorizedBefore = upstream.authorized();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    ExecutorService callers = Executors.newFixedThreadPool(REQUESTS);
    CountDownLatch go = new CountDownLatch(1);
    try (InvokerProcess function =
        InvokerProcess.start(BUILD, FunctionJar.of(BUILD, target), target.getName(), env, name)) {
      URI uri = URI.create("http://127.0.0.1:" + function.port() + path);
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        answers.add(callers.submit(() -> {
          go.await();
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (true) {
            try {
              return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                  HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException notYetServing) {
              if (System.nanoTime() > deadline) {
                throw notYetServing;
              }
              Thread.sleep(2);
            }
          }
        }));
      }
      go.countDown(); // the JVM is still starting: every request is a "first" request

      for (Future<HttpResponse<String>> answer : answers) {
        HttpResponse<String> response = answer.get(90, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(function.output()).isEqualTo(200);
        assertThat(response.body()).contains(answerFragment);
      }
      assertThat(upstream.authorized() - authorizedBefore).as("each request used the real credentials")
          .isEqualTo(REQUESTS);
      assertThat(secretRequests.getAsLong() - before).as("one resolution for the instance")
          .isEqualTo(expectedRequests);
      assertThat(function.output()).containsOnlyOnce(resolvedLine).doesNotContain(DB_PASS).doesNotContain(API_KEY);
    } finally {
      callers.shutdownNow();
    }
  }

  private static long decrypts() {
    return kms.requests().stream()
        .filter(r -> r.path().contains(":decrypt") || r.path().contains("%3Adecrypt")).count();
  }

  private static long mediaReads() {
    String encoded = DemoDeployment.CREDENTIALS_OBJECT.replace("/", "%2F");
    return gcs.requests().stream()
        .filter(r -> r.query() != null && r.query().contains("alt=media"))
        .map(RecordedRequest::path)
        .filter(p -> p.endsWith("/o/" + encoded))
        .count();
  }
}
