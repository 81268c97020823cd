package dev.secretfn.samples.gcf;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.samples.support.UpstreamStub;
import dev.secretfn.testing.ProcessLeakAudit;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import dev.secretfn.testing.gcp.InvokerProcess;
import dev.secretfn.testing.gcp.SecretManagerEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Process-level leak audit on the real Functions Framework invoker: every sample deployment and a set of
 * failing deployments run with canary plaintexts planted in the emulators, and no canary (raw, base64 or hex)
 * may show in the process's environment ({@code /proc/PID/environ}), its system properties ({@code jcmd}, while
 * it runs), its output, or any file under its temp and working directories. {@link LeakyFunction} proves that
 * the audit finds each of these channels.
 */
class LeakAuditIT {
  private static final Path BUILD = Path.of("target").toAbsolutePath();
  private static final String DENIED_KEY =
      "projects/secretfn-demo/locations/global/keyRings/functions/cryptoKeys/denied";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> CANARIES = new ArrayList<>();
  /** Canaries that a deployment puts in the environment on purpose: searched everywhere but there. */
  private static final List<String> PLANTED_IN_ENVIRONMENT = new ArrayList<>();

  private static CloudKmsEmulator kms;
  private static CloudStorageEmulator gcs;
  /** A KMS whose every answer carries a wrong plaintext checksum, and one slower than the start-up deadline. */
  private static CloudKmsEmulator corruptKms;
  private static CloudKmsEmulator slowKms;
  private static UpstreamStub upstream;
  private static DemoDeployment demo;
  private static SecretManagerEmulator sm;
  private static SecretManagerDeployment smDemo;

  @BeforeAll
  static void startEmulators() throws Exception {
    kms = CloudKmsEmulator.start();
    gcs = CloudStorageEmulator.start();
    corruptKms = CloudKmsEmulator.start();
    slowKms = CloudKmsEmulator.start();
    upstream = UpstreamStub.start("orders-app", canary("db-pass"), canary("api-key"));
    demo = new DemoDeployment(kms, gcs, upstream, "orders-app", CANARIES.get(0), CANARIES.get(1));
    kms.createKey(DENIED_KEY);
    kms.knobs().deny(DENIED_KEY);
    corruptKms.createKey(DemoDeployment.KEY);
    corruptKms.knobs().corruptNextChecksum(1_000_000);
    slowKms.createKey(DemoDeployment.KEY);
    slowKms.knobs().latency(Duration.ofSeconds(12));
    sm = SecretManagerEmulator.start();
    smDemo = new SecretManagerDeployment(sm, upstream, "orders-app", CANARIES.get(0), CANARIES.get(1));
  }

  @AfterAll
  static void stopEmulators() {
    for (AutoCloseable c : new AutoCloseable[] {kms, gcs, corruptKms, slowKms, upstream, sm}) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A plaintext written into a variable by mistake: the error must not quote it. */
  private static String plaintextInVariable() {
    String canary = "CANARY-plaintext-in-variable-" + UUID.randomUUID();
    PLANTED_IN_ENVIRONMENT.add(canary);
    return canary;
  }

  private static String canary(String what) {
    String canary = "CANARY-" + what + "-" + UUID.randomUUID();
    CANARIES.add(canary);
    return canary;
  }

  @Test
  void sampleDeployments_serveWithoutPlaintextOutsideMemory() throws Exception {
    List<String> findings = new ArrayList<>();
    findings.addAll(runServing("orders-bucket", OrdersFunction.class, demo.ordersBucket, "/"));
    findings.addAll(runServing("weather-kms", WeatherFunction.class, demo.weatherKms, "/?city=Bern"));
    findings.addAll(runServing("weather-berglas", WeatherFunction.class, demo.weatherBerglas, "/?city=Bern"));
    findings.addAll(runServing("shipment-events-sm", ShipmentEventsFunction.class, smDemo.shipments,
        function -> PubSubEvents.binary(URI.create("http://127.0.0.1:" + function.port() + "/"), "leak-1",
            PubSubEvents.shipment("SHP-1", "Bern"))));

    assertThat(findings).isEmpty();
  }

  @Test
  void failingDeployments_doNotStartAndLeaveNoPlaintextOutsideMemory() throws Exception {
    Map<String, Map<String, String>> deployments = failingDeployments();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<List<String>>> audits = new ArrayList<>();
      for (Map.Entry<String, Map<String, String>> d : deployments.entrySet()) {
        Class<?> target = target(d.getValue());
        audits.add(pool.submit(() -> runFailing(d.getKey(), target, d.getValue())));
      }
      List<String> findings = new ArrayList<>();
      for (Future<List<String>> audit : audits) {
        findings.addAll(audit.get());
      }
      assertThat(findings).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void leakyFunction_everyChannelItLeaksToIsFound() throws Exception {
    Map<String, String> env = new LinkedHashMap<>(demo.weatherBerglas);
    env.put("DEBUG_COPY_OF_API_KEY", demo.apiKey); // the anti-pattern: plaintext in the environment
    String name = unique("leaky");
    Path work = BUILD.resolve("leak-audit-work").resolve(name);
    // It binds the weather function's store, so it runs with that function's jar.
    String classpath = BUILD.resolve("test-classes") + java.io.File.pathSeparator
        + FunctionJar.of(BUILD, WeatherFunction.class);
    try (InvokerProcess function =
        InvokerProcess.start(BUILD, classpath, LeakyFunction.class.getName(), env, name, work).awaitServing(60_000)) {
      assertThat(get(function, "/").statusCode()).as(function.output()).isEqualTo(200);

      List<String> findings = audit(name, function, work);

      assertThat(findings).containsExactlyInAnyOrder(
          name + ": environ",
          name + ": system properties",
          name + ": output",
          name + ": file " + function.tempDir().resolve("leaky-cache.txt"),
          name + ": file " + work.resolve("leaky-debug.txt"));
    }
  }

  /** Each deployment fails start-up for its own reason, with a canary planted where the failure happens. */
  private static Map<String, Map<String, String>> failingDeployments() throws Exception {
    Map<String, Map<String, String>> d = new LinkedHashMap<>();
    // Start first: it waits out the 8 s default deadline. The KMS-encrypted variable is the weather function's
    // (the orders function refreshes its credentials, so it reads them from an object): one variable each.
    d.put("kms-deadline", weatherKms(slowKms, DemoDeployment.KEY,
        encrypt(slowKms, DemoDeployment.KEY, "kms-deadline")));
    d.put("kms-denied", weatherKms(kms, DENIED_KEY, encrypt(kms, DENIED_KEY, "kms-denied")));
    d.put("kms-tampered", weatherKms(kms, DemoDeployment.KEY, tamper(encrypt(kms, DemoDeployment.KEY,
        "kms-tampered"))));
    d.put("kms-checksum", weatherKms(corruptKms, DemoDeployment.KEY,
        encrypt(corruptKms, DemoDeployment.KEY, "kms-crc")));
    d.put("plaintext-in-variable", weatherKms(kms, DemoDeployment.KEY, plaintextInVariable()));
    d.put("gcs-bad-json-and-missing-field", bucket(
        object("bad.json", "{\"password\":\"" + canary("bad-json") + "\",}") + "#password",
        object("nofield.json", "{\"user\":\"" + canary("no-field") + "\"}") + "#username"));
    d.put("gcs-oversized-and-not-found", bucket(
        object("big.txt", canary("oversized").repeat(2000)),
        object("binary.bin", canary("binary") + "\u0000") + "x")); // not found: a typo'd name
    d.put("gcs-denied-and-non-utf8-text", bucket(
        denied("denied.json", "{\"password\":\"" + canary("gcs-denied") + "\"}") + "#password",
        objectBytes("latin1.txt", (canary("latin1") + "\u00e9").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))));
    d.put("berglas-tampered", weather(berglas("tampered", "berglas-tampered", true, "tampered")));
    d.put("berglas-wrong-aad", weather(berglas("wrong-aad", "berglas-aad", false, "another-object")));
    d.put("sm-destroyed-and-disabled", shipments(
        version("destroyed", SecretManagerDeployment.json("orders-app", canary("sm-destroyed")), State.DESTROYED)
            + "#password",
        berglasForm(version("disabled", canary("sm-disabled").getBytes(UTF_8), State.DISABLED))));
    d.put("sm-denied-and-not-json", shipments(
        version("denied", SecretManagerDeployment.json("orders-app", canary("sm-denied")), State.DENIED)
            + "#password",
        // A field of a value that is not JSON: the parse error must not quote the value.
        version("not-json", canary("sm-not-json").getBytes(UTF_8), State.ENABLED) + "#key"));
    return d;
  }

  /** The function a failing deployment runs: the one that binds the stores its references name. */
  private static Class<?> target(Map<String, String> env) {
    if (env.containsKey(dev.secretfn.gcp.GcpSettings.SECRET_MANAGER_EMULATOR_HOST)) {
      return ShipmentEventsFunction.class;
    }
    return env.containsKey("API_KEY") ? WeatherFunction.class : OrdersFunction.class;
  }

  private enum State { ENABLED, DESTROYED, DISABLED, DENIED }

  /** Version 1 of a new secret holding {@code data}, then put in {@code state}; its gcp-sm:// reference. */
  private static String version(String id, byte[] data, State state) {
    String secret = "projects/" + SecretManagerDeployment.PROJECT + "/secrets/leak-audit-" + id;
    sm.createSecret(secret);
    long version = sm.addVersion(secret, data);
    if (state == State.DESTROYED) {
      sm.destroy(secret, version);
    } else if (state == State.DISABLED) {
      sm.disable(secret, version);
    } else if (state == State.DENIED) {
      sm.knobs().deny(secret);
    }
    return "gcp-sm://" + secret + "/versions/" + version;
  }

  /** The same version in Berglas's form: {@code gcp-sm://projects/P/secrets/S/versions/V} as sm://P/S#V. */
  private static String berglasForm(String reference) {
    String[] parts = reference.substring("gcp-sm://".length()).split("/");
    return "sm://" + parts[1] + "/" + parts[3] + "#" + parts[5];
  }

  private static Map<String, String> shipments(String dbPass, String apiKey) {
    Map<String, String> env = new LinkedHashMap<>(smDemo.shipments);
    env.put("DB_PASS", dbPass);
    env.put("API_KEY", apiKey);
    return env;
  }

  private static Map<String, String> weatherKms(CloudKmsEmulator emulator, String key, String apiKey) {
    Map<String, String> env = new LinkedHashMap<>(demo.common);
    env.put("SECRETFN_GCP_KMS_EMULATOR_HOST", emulator.endpoint().substring("http://".length()));
    env.put("KMS_CRYPTO_KEY_ID", key);
    env.put("API_KEY", apiKey);
    return env;
  }

  private static Map<String, String> bucket(String dbPass, String dbUser) {
    Map<String, String> env = new LinkedHashMap<>(demo.common);
    env.put("DB_PASS", dbPass);
    env.put("DB_USER", dbUser);
    return env;
  }

  private static Map<String, String> weather(String apiKey) {
    Map<String, String> env = new LinkedHashMap<>(demo.common);
    env.put("API_KEY", apiKey);
    return env;
  }

  private static String encrypt(CloudKmsEmulator emulator, String key, String what) {
    return Base64.getEncoder().encodeToString(emulator.encrypt(key, canary(what).getBytes(UTF_8), new byte[0]));
  }

  private static String tamper(String base64) {
    byte[] bytes = Base64.getDecoder().decode(base64);
    bytes[bytes.length / 2] ^= 0x04;
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String object(String name, String content) {
    return objectBytes(name, content.getBytes(UTF_8));
  }

  private static String objectBytes(String name, byte[] content) {
    gcs.putObject(DemoDeployment.BUCKET, "leak-audit/" + name, content);
    return "gs://" + DemoDeployment.BUCKET + "/leak-audit/" + name;
  }

  private static String denied(String name, String content) {
    gcs.knobs().deny(DemoDeployment.BUCKET + "/leak-audit/" + name);
    return object(name, content);
  }

  /** A Berglas secret under {@code object}, sealed for {@code aadObject}, its sealed part damaged if asked. */
  private static String berglas(String object, String what, boolean tamper, String aadObject) throws Exception {
    String body = new String(DemoDeployment.berglasBody(kms, "leak-audit/" + aadObject, canary(what).getBytes(UTF_8)),
        UTF_8);
    if (tamper) {
      int colon = body.indexOf(':');
      body = body.substring(0, colon + 1) + tamper(body.substring(colon + 1));
    }
    gcs.putObject(DemoDeployment.BUCKET, "leak-audit/" + object, body.getBytes(UTF_8),
        Map.of("berglas-kms-key", DemoDeployment.KEY, "berglas-secret", "1"));
    return "berglas://" + DemoDeployment.BUCKET + "/leak-audit/" + object;
  }

  private static List<String> runServing(String scenario, Class<?> target, Map<String, String> env, String path)
      throws Exception {
    return runServing(scenario, target, env, function -> HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + function.port() + path)).build());
  }

  private static List<String> runServing(String scenario, Class<?> target, Map<String, String> env,
      Function<InvokerProcess, HttpRequest> request) throws Exception {
    String name = unique(scenario);
    Path work = BUILD.resolve("leak-audit-work").resolve(name);
    try (InvokerProcess function =
        InvokerProcess.start(BUILD, FunctionJar.of(BUILD, target), target.getName(), env, name, work)
            .awaitServing(60_000)) {
      assertThat(HTTP.send(request.apply(function), HttpResponse.BodyHandlers.ofString()).statusCode())
          .as(function.output()).isBetween(200, 299);
      return audit(name, function, work);
    }
  }

  private static List<String> runFailing(String scenario, Class<?> target, Map<String, String> env) throws Exception {
    String name = unique(scenario);
    Path work = BUILD.resolve("leak-audit-work").resolve(name);
    try (InvokerProcess function =
        InvokerProcess.start(BUILD, FunctionJar.of(BUILD, target), target.getName(), env, name, work)) {
      // Read while the JVM lives: a JVM whose start-up fails fast takes its environ and properties with it.
      Thread.sleep(1000);
      Map<String, String> texts = new LinkedHashMap<>(
          ProcessLeakAudit.readWhileAlive(function.pid(), scenario.endsWith("deadline")));
      Map<String, String> environment = new LinkedHashMap<>();
      if (texts.containsKey("environ")) {
        environment.put("environ", texts.remove("environ"));
      }
      int status = function.awaitExit(60_000);
      assertThat(status).as(scenario + ":\n" + function.output()).isNotZero();
      assertThat(function.output()).as(scenario).contains("secretfn could not resolve");
      texts.put("output", function.output());
      environment.put("deployed environment", env.toString());
      List<String> everywhere = new ArrayList<>(CANARIES);
      everywhere.addAll(PLANTED_IN_ENVIRONMENT);
      List<String> findings = new ArrayList<>(ProcessLeakAudit.of(CANARIES).findings(name, environment, List.of()));
      findings.addAll(ProcessLeakAudit.of(everywhere).findings(name, texts, List.of(function.tempDir(), work)));
      return findings;
    }
  }

  private static List<String> audit(String name, InvokerProcess function, Path work) throws Exception {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("environ", function.environ());
    texts.put("system properties", ProcessLeakAudit.systemProperties(function.pid()));
    texts.put("output", function.output());
    return ProcessLeakAudit.of(CANARIES).findings(name, texts, List.of(function.tempDir(), work));
  }

  private static HttpResponse<String> get(InvokerProcess function, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + function.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String unique(String scenario) {
    return "leak-" + scenario + "-" + Long.toString(System.nanoTime(), 36);
  }
}
