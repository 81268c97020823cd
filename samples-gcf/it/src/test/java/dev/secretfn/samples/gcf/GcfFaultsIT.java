package dev.secretfn.samples.gcf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.samples.support.UpstreamStub;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import dev.secretfn.testing.gcp.InvokerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Representative faults of the fault matrix (GcpFaultMatrixTest) end to end, on the real invoker: a start-up
 * that fails never serves, the invoker exits promptly with the aggregated message, and a transient fault is
 * absorbed before the port opens. Cloud KMS faults through the weather function's KMS-encrypted variable (the
 * orders function refreshes its credentials, so it reads them from an object, never from a ciphertext). Fresh
 * emulators per test, so that knobs never leak between tests.
 */
class GcfFaultsIT {
  private static final Path BUILD = Path.of("target");
  private static final String DB_USER = "orders-app";
  private static final String DB_PASS = "canary-db-pass-" + UUID.randomUUID();
  private static final String API_KEY = "canary-api-key-" + UUID.randomUUID();

  private CloudKmsEmulator kms;
  private CloudStorageEmulator gcs;
  private UpstreamStub upstream;
  private DemoDeployment deployment;

  @BeforeEach
  void startEmulators() throws Exception {
    kms = CloudKmsEmulator.start();
    gcs = CloudStorageEmulator.start();
    upstream = UpstreamStub.start(DB_USER, DB_PASS, API_KEY);
    deployment = new DemoDeployment(kms, gcs, upstream, DB_USER, DB_PASS, API_KEY);
  }

  @AfterEach
  void stopEmulators() {
    kms.close();
    gcs.close();
    upstream.close();
  }

  @Test
  void weatherFunction_keyDenied_neverServesAndExitsNamingTheVariableAndTheRole() throws Exception {
    kms.knobs().deny(DemoDeployment.KEY);

    try (InvokerProcess function = InvokerProcess.start(
        BUILD, FunctionJar.of(BUILD, WeatherFunction.class), WeatherFunction.class.getName(), deployment.weatherKms,
        "faults-denied")) {
      long start = System.nanoTime();
      boolean served = servesBeforeExit(function, Duration.ofSeconds(30));
      long exitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(served).as("the port opened:\n" + function.output()).isFalse();
      assertThat(function.awaitExit(1_000)).isNotZero();
      // The JVM ends with the failure: no non-daemon thread (gax's deadline scheduler was one) keeps it up.
      assertThat(exitMillis).as(function.output()).isLessThan(15_000);
      assertThat(function.output())
          .contains("secretfn could not resolve 1 of 1 secret")
          .contains("  - API_KEY = gcp-kms://" + DemoDeployment.KEY + "?ciphertext=<ciphertext,")
          .contains("DECRYPT failed: Cloud KMS answered PERMISSION_DENIED for " + DemoDeployment.KEY
              + ". Fix: grant roles/cloudkms.cryptoKeyDecrypter on " + DemoDeployment.KEY
              + " to the function's service account.")
          .doesNotContain(API_KEY);
      assertThat(decrypts()).as("permission denied is not retried").isEqualTo(1);
    }
  }

  @Test
  void weatherFunction_kmsSlowerThanTheDeadline_neverServesAndExitsAtTheDeadline() throws Exception {
    kms.knobs().latency(Duration.ofSeconds(30));

    try (InvokerProcess function = InvokerProcess.start(
        BUILD, FunctionJar.of(BUILD, WeatherFunction.class), WeatherFunction.class.getName(), deployment.weatherKms,
        "faults-slow")) {
      boolean served = servesBeforeExit(function, Duration.ofSeconds(25));

      assertThat(served).as("the port opened:\n" + function.output()).isFalse();
      assertThat(function.awaitExit(1_000)).isNotZero();
      String output = function.output();
      assertThat(output)
          .contains("secretfn could not resolve 1 of 1 secret")
          .contains("did not finish within the 8000 ms start-up deadline")
          .doesNotContain(API_KEY);
      assertThat(resolutionMillis(output)).as(output).isBetween(8_000L, 8_700L);
    }
  }

  @Test
  void weatherFunction_burstOfUnavailableAnswers_retriedBeforeThePortOpensAndServes() throws Exception {
    kms.knobs().failNext(3, 503);

    try (InvokerProcess function = InvokerProcess.start(BUILD, FunctionJar.of(BUILD, WeatherFunction.class),
        WeatherFunction.class.getName(), deployment.weatherKms, "faults-burst").awaitServing(60_000)) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + function.port() + "/?city=Bern")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).as(function.output()).isEqualTo(200);
      assertThat(response.body()).contains("\"forecast\":\"sunny\"");
      assertThat(decrypts()).as("1 variable + 3 retried failures").isEqualTo(4);
      assertThat(function.output()).doesNotContain(API_KEY);
    }
  }

  /** Polls the port until the process exits or {@code within} passes; true if it ever accepted a connection. */
  private static boolean servesBeforeExit(InvokerProcess function, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        new Socket(InetAddress.getLoopbackAddress(), function.port()).close();
        return true;
      } catch (IOException notServing) {
        try {
          function.awaitExit(25);
          return false;
        } catch (IllegalStateException stillRunning) {
          // keep polling
        }
      }
    }
    throw new AssertionError("the invoker neither served nor exited within " + within + ":\n" + function.output());
  }

  /** The "(after N ms)" of the failure message, whether it counts one secret or several. */
  private static long resolutionMillis(String output) {
    Matcher after = Pattern.compile("secrets? \\(after (\\d+) ms\\)").matcher(output);
    if (!after.find()) {
      throw new AssertionError("no \"(after N ms)\" in:\n" + output);
    }
    return Long.parseLong(after.group(1));
  }

  private long decrypts() {
    return kms.requests().stream()
        .filter(r -> r.path().contains(":decrypt") || r.path().contains("%3Adecrypt")).count();
  }
}
