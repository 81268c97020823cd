package dev.secretfn.samples.gcf;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import dev.secretfn.testing.gcp.InvokerProcess;
import dev.secretfn.testing.gcp.SecretManagerEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The official-client transport end to end: a function whose component adds {@code CloudKmsClientTransportModule}
 * and {@code CloudStorageClientTransportModule} runs on the real Functions Framework invoker against the emulators,
 * and its secrets arrive through google-cloud-kms and google-cloud-storage. The function is framework/benchmarks-
 * official's ten-secret scenario (8 {@code gcp-kms://} references, two fields of one {@code gs://} JSON object),
 * from its shaded jar: a deployment's jar with the official clients' whole stack, which a function in this module's
 * test sources could not be without a build of its own. It answers with the number of secret bytes it was given;
 * every value has its own length, so the total says that each arrived whole. Secret Manager runs the same way: the
 * benchmark's ten {@code gcp-sm://} versions through google-cloud-secretmanager, from framework/benchmarks-
 * official's gcf-managed jar (the managed store's functions and client only). The samples' own tests cover the lean
 * default.
 */
class GcfOfficialTransportsIT {
  private static final Path BUILD = Path.of("target");
  private static final String TARGET = "dev.secretfn.bench.official.gcf.TenSecretsFunction";
  private static final String SECRET_MANAGER_TARGET = "dev.secretfn.bench.official.gcf.SecretManagerTenSecretsFunction";
  private static final String PROJECT = "secretfn-it";
  private static final String KEY = "projects/secretfn-it/locations/global/keyRings/functions/cryptoKeys/secrets";
  private static final String BUCKET = "secretfn-it-secrets";
  private static final String OBJECT = "app/db.json";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void tenSecretsFunction_officialClients_servesWithEverySecretFetchedByTheClientLibraries() throws Exception {
    try (CloudKmsEmulator kms = CloudKmsEmulator.start(); CloudStorageEmulator gcs = CloudStorageEmulator.start()) {
      kms.createKey(KEY);
      gcs.createBucket(BUCKET);
      List<String> plaintexts = new ArrayList<>();
      Map<String, String> env = new LinkedHashMap<>();
      env.put("SECRETFN_GCP_KMS_EMULATOR_HOST", kms.endpoint().substring("http://".length()));
      env.put("SECRETFN_GCP_STORAGE_EMULATOR_HOST", gcs.endpoint().substring("http://".length()));
      for (int i = 1; i <= 8; i++) {
        String plaintext = canary("s" + i).repeat(i);
        plaintexts.add(plaintext);
        env.put("S" + i, "gcp-kms://" + KEY + "?ciphertext="
            + Base64.getEncoder().encodeToString(kms.encrypt(KEY, plaintext.getBytes(UTF_8), new byte[0])));
      }
      String user = canary("db-user");
      String password = canary("db-pass").repeat(3);
      plaintexts.addAll(List.of(user, password));
      gcs.putObject(BUCKET, OBJECT, ("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")
          .getBytes(UTF_8));
      env.put("DB_USER", "gs://" + BUCKET + "/" + OBJECT + "#username");
      env.put("DB_PASS", "gs://" + BUCKET + "/" + OBJECT + "#password");

      try (InvokerProcess function = InvokerProcess.start(BUILD, FunctionJar.of(BUILD, "official-transports"),
          TARGET, env, "official-transports").awaitServing(60_000)) {
        HttpResponse<String> response = HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + function.port() + "/")).build(),
            HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(function.output()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok " + plaintexts.stream().mapToInt(p -> p.getBytes(UTF_8).length)
            .sum());
        assertThat(function.output()).contains("secretfn resolved 10 secrets with 9 fetches");
        // google-cloud-kms's REST transport asks for JSON with int enums; the lean transport sends no query.
        assertThat(kms.requests()).hasSize(8)
            .allSatisfy(r -> assertThat(r.query()).startsWith("$alt=json;enum-encoding"));
        // google-cloud-storage sends its invocation id in x-goog-api-client; the lean transport sends no such header.
        assertThat(gcs.requests()).singleElement().satisfies(r -> {
          assertThat(r.path()).isEqualTo("/download/storage/v1/b/" + BUCKET + "/o/app%2Fdb.json");
          assertThat(r.header("x-goog-api-client")).get().asString().contains("gccl-invocation-id/");
        });
        for (String plaintext : plaintexts) {
          assertThat(function.environ()).doesNotContain(plaintext);
          assertThat(function.output()).doesNotContain(plaintext);
        }
      }
    }
  }

  @Test
  void secretManagerTenSecretsFunction_officialClient_servesWithEveryVersionFetchedByTheClientLibrary()
      throws Exception {
    try (SecretManagerEmulator sm = SecretManagerEmulator.start()) {
      List<String> plaintexts = new ArrayList<>();
      List<String> versions = new ArrayList<>();
      Map<String, String> env = new LinkedHashMap<>();
      env.put("SECRETFN_GCP_SECRETMANAGER_EMULATOR_HOST", sm.endpoint().substring("http://".length()));
      List<String> variables = List.of("S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "DB_USER", "DB_PASS");
      for (int i = 0; i < variables.size(); i++) {
        String variable = variables.get(i);
        String secret = "projects/" + PROJECT + "/secrets/" + variable.toLowerCase(Locale.ROOT).replace('_', '-');
        String plaintext = canary(variable).repeat(i + 1);
        plaintexts.add(plaintext);
        sm.createSecret(secret);
        String version = secret + "/versions/" + sm.addVersion(secret, plaintext.getBytes(UTF_8));
        versions.add(version);
        env.put(variable, "gcp-sm://" + version);
      }

      try (InvokerProcess function = InvokerProcess.start(BUILD,
          FunctionJar.of(BUILD, "official-transports-managed"), SECRET_MANAGER_TARGET, env,
          "official-secret-manager").awaitServing(60_000)) {
        HttpResponse<String> response = HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + function.port() + "/")).build(),
            HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(function.output()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok " + plaintexts.stream().mapToInt(p -> p.getBytes(UTF_8).length)
            .sum());
        assertThat(function.output()).contains("secretfn resolved 10 secrets with 10 fetches");
        // One AccessSecretVersion per version, each from google-cloud-secretmanager's REST client: it asks for JSON
        // with int enums and names itself in x-goog-api-client; the lean transport sends neither.
        assertThat(sm.requests()).hasSize(10).allSatisfy(r -> {
          assertThat(r.query()).startsWith("$alt=json;enum-encoding");
          assertThat(r.header("x-goog-api-client")).get().asString().contains("gapic/");
        });
        assertThat(sm.requests()).extracting(r -> r.path())
            .containsExactlyInAnyOrderElementsOf(versions.stream().map(v -> "/v1/" + v + ":access").toList());
        for (String plaintext : plaintexts) {
          assertThat(function.environ()).doesNotContain(plaintext);
          assertThat(function.output()).doesNotContain(plaintext);
        }
      }
    }
  }

  private static String canary(String what) {
    return "canary-" + what + "-" + UUID.randomUUID();
  }
}
