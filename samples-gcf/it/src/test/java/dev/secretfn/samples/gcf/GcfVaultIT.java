package dev.secretfn.samples.gcf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.samples.support.UpstreamStub;
import dev.secretfn.testing.gcp.InvokerProcess;
import dev.secretfn.testing.vault.MetadataServerEmulator;
import dev.secretfn.testing.vault.VaultEmulator;
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
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link VaultWeatherFunction} on the real Functions Framework invoker, in its own JVM: it logs in to the Vault
 * emulator with an identity token from the metadata server stand-in, reads its API key, and calls the upstream
 * with it; a login refused by Vault stops the instance with the aggregated start-up message.
 */
class GcfVaultIT {
  private static final Path BUILD = Path.of("target");
  private static final String SA = "weather-fn@secretfn-demo.iam.gserviceaccount.com";
  private static final String API_KEY = "canary-vault-api-key-" + UUID.randomUUID();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static MetadataServerEmulator metadata;
  private static VaultEmulator vault;
  private static UpstreamStub upstream;

  @BeforeAll
  static void startEmulators() throws IOException {
    metadata = MetadataServerEmulator.start(SA);
    vault = VaultEmulator.start();
    vault.mountKv("secret", 2);
    vault.put("secret/weather", Map.of("value", API_KEY));
    vault.policy("weather", "secret/data/weather");
    vault.trustGoogleSigner(metadata.publicKey());
    vault.gcpRole("weather-fn", SA, true, "weather");
    upstream = UpstreamStub.start("unused-user", "unused-pass-" + UUID.randomUUID(), API_KEY);
  }

  @AfterAll
  static void stopEmulators() {
    vault.close();
    metadata.close();
    upstream.close();
  }

  private static Map<String, String> env(String role) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("UPSTREAM_URL", upstream.url().toString());
    env.put("VAULT_ADDR", vault.endpoint());
    env.put("VAULT_AUTH_ROLE", role);
    env.put("GCE_METADATA_HOST", metadata.hostPort());
    env.put("API_KEY", "vault://secret/weather#value");
    return env;
  }

  @Test
  void vaultWeatherFunction_apiKeyInVault_callsApiWithTheKey() throws Exception {
    try (InvokerProcess function = InvokerProcess.start(BUILD, FunctionJar.of(BUILD, VaultWeatherFunction.class),
        VaultWeatherFunction.class.getName(), env("weather-fn"), "weather-vault").awaitServing(60_000)) {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + function.port() + "/?city=Bern")).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).as(function.output()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"city\":\"Bern\",\"forecast\":\"sunny\",\"celsius\":21}");
      assertThat(function.environ()).doesNotContain(API_KEY);
      assertThat(function.output()).doesNotContain(API_KEY).doesNotContain("hvb.");
      try (Stream<Path> files = Files.walk(function.tempDir())) {
        List<Path> leaking = files.filter(Files::isRegularFile).filter(f -> contains(f, API_KEY))
            .collect(Collectors.toList());
        assertThat(leaking).isEmpty();
      }
    }
  }

  @Test
  void vaultWeatherFunction_roleNotBound_invokerDoesNotStartAndSaysWhy() throws Exception {
    try (InvokerProcess function = InvokerProcess.start(BUILD, FunctionJar.of(BUILD, VaultWeatherFunction.class),
        VaultWeatherFunction.class.getName(), env("orders-fn"), "weather-vault-broken")) {
      int status = function.awaitExit(60_000);

      assertThat(status).isNotZero();
      assertThat(function.output())
          .contains("secretfn could not resolve 1 of 1 secret ")
          .contains("API_KEY = vault://secret/weather#value: FETCH failed: Vault login at auth/gcp/login with role"
              + " 'orders-fn' answered 400: invalid role name \"orders-fn\"")
          .contains("bound_service_accounts")
          .doesNotContain("eyJ");
    }
  }

  @Test
  void deployableJar_carriesNoAwsClasses() throws Exception {
    try (ZipFile jar = new ZipFile(FunctionJar.of(BUILD, VaultWeatherFunction.class))) {
      assertThat(jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("software/amazon/"))).isEmpty();
      assertThat(jar.getEntry("dev/secretfn/vault/VaultModule.class")).isNotNull();
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
