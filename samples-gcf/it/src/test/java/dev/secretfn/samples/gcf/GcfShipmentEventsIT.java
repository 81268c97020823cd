package dev.secretfn.samples.gcf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.samples.support.UpstreamStub;
import dev.secretfn.testing.gcp.InvokerProcess;
import dev.secretfn.testing.gcp.SecretManagerEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ShipmentEventsFunction}, a CloudEvents function, on the real Functions Framework invoker in its own JVM
 * against the Secret Manager emulator: Pub/Sub messages arrive as real CloudEvents in binary and in structured
 * mode, the secrets (one {@code gcp-sm://} JSON field pair, one {@code sm://}) are read once at start-up and reach
 * the upstream, and an unreadable version stops the instance with the aggregated start-up message.
 */
class GcfShipmentEventsIT {
  private static final Path BUILD = Path.of("target");
  private static final String DB_USER = "orders-app";
  private static final String DB_PASS = "canary-sm-db-pass-" + UUID.randomUUID();
  private static final String API_KEY = "canary-sm-api-key-" + UUID.randomUUID();
  private static final String WARNING = "at whatever version is current when an instance starts";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static SecretManagerEmulator sm;
  private static UpstreamStub upstream;
  private static SecretManagerDeployment deployment;

  @BeforeAll
  static void startEmulators() throws IOException {
    sm = SecretManagerEmulator.start();
    upstream = UpstreamStub.start(DB_USER, DB_PASS, API_KEY);
    deployment = new SecretManagerDeployment(sm, upstream, DB_USER, DB_PASS, API_KEY);
  }

  @AfterAll
  static void stopEmulators() {
    sm.close();
    upstream.close();
  }

  @Test
  void binaryModeEvent_pubSubMessage_callsBothApisWithTheSecrets() throws Exception {
    try (InvokerProcess function = start(deployment.shipments, "shipments-binary")) {
      int readsAfterStart = sm.requests().size();
      int authorized = upstream.authorized();
      int rejected = upstream.rejected();

      HttpResponse<String> response = send(PubSubEvents.binary(uri(function), "1001",
          PubSubEvents.shipment("SHP-1001", "Bern")));

      assertThat(response.statusCode()).as(function.output()).isBetween(200, 299);
      assertThat(upstream.authorized() - authorized).as("weather and orders, each with its secret").isEqualTo(2);
      assertThat(upstream.rejected()).isEqualTo(rejected);
      assertThat(function.output()).contains("shipment SHP-1001 to Bern: forecast {\"city\":\"Bern\"")
          .doesNotContain(WARNING);
      assertThat(sm.requests().size()).as("no Secret Manager call per event").isEqualTo(readsAfterStart);
      assertNoPlaintextOutsideMemory(function);
    }
  }

  @Test
  void structuredModeEvents_pubSubMessages_eachCallsBothApisWithTheSecrets() throws Exception {
    try (InvokerProcess function = start(deployment.shipments, "shipments-structured")) {
      int readsAfterStart = sm.requests().size();
      int authorized = upstream.authorized();

      HttpResponse<String> first = send(PubSubEvents.structured(uri(function), "2001",
          PubSubEvents.shipment("SHP-2001", "Zurich")));
      HttpResponse<String> second = send(PubSubEvents.structured(uri(function), "2002",
          PubSubEvents.shipment("SHP-2002", "Geneva")));

      assertThat(first.statusCode()).as(function.output()).isBetween(200, 299);
      assertThat(second.statusCode()).as(function.output()).isBetween(200, 299);
      assertThat(upstream.authorized() - authorized).isEqualTo(4);
      assertThat(function.output()).contains("shipment SHP-2001 to Zurich", "shipment SHP-2002 to Geneva");
      assertThat(sm.requests().size()).isEqualTo(readsAfterStart);
      assertNoPlaintextOutsideMemory(function);
    }
  }

  @Test
  void startUp_twoPinnedReferencesToThreeVariables_readsEachVersionOnce() throws Exception {
    int before = sm.requests().size();
    try (InvokerProcess function = start(deployment.shipments, "shipments-reads")) {
      List<String> paths = sm.requests().subList(before, sm.requests().size()).stream()
          .map(r -> r.path().replace("%3A", ":")).collect(Collectors.toList());

      assertThat(paths).as(function.output()).containsExactlyInAnyOrder(
          "/v1/" + SecretManagerDeployment.DB_SECRET + "/versions/2:access",
          "/v1/" + SecretManagerDeployment.API_KEY_SECRET + "/versions/1:access");
    }
  }

  @Test
  void messageWithoutShipment_isAcknowledgedWithoutCallingTheApis() throws Exception {
    try (InvokerProcess function = start(deployment.shipments, "shipments-not-a-shipment")) {
      int calls = upstream.authorized() + upstream.rejected();

      HttpResponse<String> response = send(PubSubEvents.binary(uri(function), "3001", "not json"));

      assertThat(response.statusCode()).as(function.output()).isBetween(200, 299);
      assertThat(upstream.authorized() + upstream.rejected()).isEqualTo(calls);
      assertThat(function.output()).contains("event 3001 (" + PubSubEvents.TYPE + ") holds no shipment");
    }
  }

  @Test
  void unpinnedBerglasReference_servesAndLogsOneWarningNamingTheVariable() throws Exception {
    Map<String, String> env = new LinkedHashMap<>(deployment.shipments);
    env.put("API_KEY", "sm://" + SecretManagerDeployment.PROJECT + "/weather-api-key");
    try (InvokerProcess function = start(env, "shipments-unpinned")) {
      HttpResponse<String> response = send(PubSubEvents.binary(uri(function), "4001",
          PubSubEvents.shipment("SHP-4001", "Basel")));

      assertThat(response.statusCode()).as(function.output()).isBetween(200, 299);
      String output = function.output();
      assertThat(output).contains("secretfn: API_KEY reads sm://" + SecretManagerDeployment.PROJECT
          + "/weather-api-key " + WARNING);
      assertThat(output.split(WARNING, -1)).as("one warning: the gcp-sm:// references are pinned").hasSize(2);
      assertNoPlaintextOutsideMemory(function);
    }
  }

  @Test
  void destroyedAndDisabledVersions_invokerDoesNotStartAndSaysWhy() throws Exception {
    String retiredDb = "projects/" + SecretManagerDeployment.PROJECT + "/secrets/retired-db";
    String retiredKey = "projects/" + SecretManagerDeployment.PROJECT + "/secrets/retired-api-key";
    sm.createSecret(retiredDb);
    sm.addVersion(retiredDb, SecretManagerDeployment.json(DB_USER, DB_PASS));
    sm.destroy(retiredDb, 1);
    sm.createSecret(retiredKey);
    sm.addVersion(retiredKey, SecretManagerDeployment.utf8(API_KEY));
    sm.disable(retiredKey, 1);
    Map<String, String> env = new LinkedHashMap<>(deployment.shipments);
    env.put("DB_USER", "gcp-sm://" + retiredDb + "/versions/1#username");
    env.put("DB_PASS", "gcp-sm://" + retiredDb + "/versions/1#password");
    env.put("API_KEY", "sm://" + SecretManagerDeployment.PROJECT + "/retired-api-key#1");
    try (InvokerProcess function = InvokerProcess.start(BUILD, FunctionJar.of(BUILD, ShipmentEventsFunction.class),
        ShipmentEventsFunction.class.getName(), env, "shipments-broken")) {
      int status = function.awaitExit(60_000);

      assertThat(status).isNotZero();
      assertThat(function.output())
          .contains("secretfn could not resolve 3 of 3 secrets")
          .contains("DB_PASS = gcp-sm://" + retiredDb + "/versions/1#password: FETCH failed: Secret Manager"
              + " answered FAILED_PRECONDITION for " + retiredDb + "/versions/1: version 1 is destroyed")
          .contains("a destroyed version cannot be read again: pin an enabled version, or add a new one")
          .contains("API_KEY = sm://" + SecretManagerDeployment.PROJECT + "/retired-api-key#1: FETCH failed:"
              + " Secret Manager answered FAILED_PRECONDITION for " + retiredKey + "/versions/1: version 1 is"
              + " disabled")
          .contains("enable it (gcloud secrets versions enable 1 --secret retired-api-key --project "
              + SecretManagerDeployment.PROJECT + ")")
          .doesNotContain(DB_PASS)
          .doesNotContain(API_KEY);
    }
  }

  private static InvokerProcess start(Map<String, String> env, String name) throws Exception {
    return InvokerProcess.start(BUILD, FunctionJar.of(BUILD, ShipmentEventsFunction.class),
        ShipmentEventsFunction.class.getName(), env, name).awaitServing(60_000);
  }

  private static URI uri(InvokerProcess function) {
    return URI.create("http://127.0.0.1:" + function.port() + "/");
  }

  private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void assertNoPlaintextOutsideMemory(InvokerProcess function) throws IOException {
    for (String plaintext : List.of(DB_PASS, API_KEY)) {
      assertThat(function.environ()).doesNotContain(plaintext);
      assertThat(function.output()).doesNotContain(plaintext);
      try (Stream<Path> files = Files.walk(function.tempDir())) {
        assertThat(files.filter(Files::isRegularFile).filter(file -> contains(file, plaintext))).isEmpty();
      }
    }
  }

  private static boolean contains(Path file, String plaintext) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(plaintext);
    } catch (IOException e) {
      return false;
    }
  }
}
