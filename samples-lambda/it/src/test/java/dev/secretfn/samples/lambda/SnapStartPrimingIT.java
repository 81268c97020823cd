package dev.secretfn.samples.lambda;

import static dev.secretfn.samples.lambda.LambdaDemo.API_EVENT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.secretfn.testing.aws.LambdaRuntimeClientProcess;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.Invocation;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SnapStart on the real runtime interface client: the weather sample, with the credentials a SnapStart function
 * really has (the container credentials endpoint, played here by a stub on 127.0.0.1 that hands out canary
 * keys) and KMS reached through {@code AWS_ENDPOINT_URL_KMS}, so that the SDK's default chain signs every call.
 * At the checkpoint the heap, as the snapshot would hold it ({@link HeapDumpAtCheckpoint}), holds neither the
 * secret nor anything derived from the credentials, no credentials were fetched, nothing was decrypted, and the
 * sources were primed; after the restore the first invocation answers with the secret.
 */
class SnapStartPrimingIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Path DUMPS = Path.of("target", "heap-dumps").toAbsolutePath();
  private static final String REGION = "us-east-1";

  private static LambdaDemo demo;
  private static CredentialsEndpoint credentials;

  @BeforeAll
  static void start() throws IOException {
    demo = LambdaDemo.start();
    credentials = CredentialsEndpoint.start();
    Files.createDirectories(DUMPS);
  }

  @AfterAll
  static void stop() {
    demo.close();
    credentials.close();
  }

  @Test
  void checkpoint_heapHoldsNoSecretAndNoCredential_andTheRestoredFunctionAnswers() throws Exception {
    Path atCheckpoint = fresh(DUMPS.resolve("at-checkpoint.hprof"));
    Path afterAnswer = fresh(DUMPS.resolve("after-first-answer.hprof"));
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.startSnapStart()) {
      Map<String, String> env = environment(lambda);
      env.put(HeapDumpAtCheckpoint.DUMP_VARIABLE, atCheckpoint.toString());
      long decryptsBefore = demo.decrypts();
      try (LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.start("snap-start-priming",
          HeapDumpAtCheckpoint.class.getName(), env, "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac")) {
        assertThat(lambda.awaitCheckpoint(WAIT)).as(function.output()).isTrue();

        assertThat(function.output())
            .contains("primed its sources [aws-kms://] before the snapshot")
            .contains("test: heap dumped at the checkpoint");
        assertThat(demo.decrypts() - decryptsBefore).as("nothing decrypted before the snapshot").isZero();
        assertThat(demo.primingRequests()).as("the lean KMS transport primed its request path").isPositive();
        assertThat(credentials.requests()).as("no credentials fetched before the snapshot").isZero();
        assertThat(findings(atCheckpoint)).as("in the heap at the checkpoint").isEmpty();

        lambda.restore();
        Invocation answer = lambda.invoke(API_EVENT, WAIT);

        assertThat(answer.status()).as(function.output()).isEqualTo(Invocation.Status.SUCCESS);
        assertThat(answer.body()).contains("\"statusCode\":200").contains("sunny");
        assertThat(demo.decrypts() - decryptsBefore).isEqualTo(1);
        assertThat(credentials.requests()).as("the restored function fetched its credentials").isPositive();
        assertThat(lastDecrypt().header("Authorization")).get().asString()
            .as("signed with the container credentials, not an emulator's dummy ones")
            .contains("Credential=" + credentials.accessKeyId + "/");

        // The control: the same scan of the same process, now that it holds the secret, finds it.
        dump(function.pid(), afterAnswer);
        assertThat(findings(afterAnswer)).contains("the secret (raw)");
      }
    }
    Files.delete(atCheckpoint);
    Files.delete(afterAnswer);
  }

  /** The sample's deployment, but signing as a SnapStart function does: default chain, container credentials. */
  private static Map<String, String> environment(LambdaRuntimeEmulator lambda) {
    Map<String, String> env = demo.apiEnvironment(lambda);
    String kms = "http://" + env.remove("SECRETFN_AWS_KMS_EMULATOR_HOST");
    env.put("_HANDLER", HeapDumpAtCheckpoint.class.getName());
    env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
    env.put("AWS_ENDPOINT_URL_KMS", kms);
    env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.uri());
    env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", credentials.authorization);
    // No profile on this machine may win over the container credentials.
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials");
    env.put("AWS_CONFIG_FILE", "/nonexistent/config");
    return env;
  }

  private static RecordedRequest lastDecrypt() {
    List<RecordedRequest> decrypts = new ArrayList<>();
    for (RecordedRequest request : demo.kms.requests()) {
      if (request.header("X-Amz-Target").map("TrentService.Decrypt"::equals).orElse(false)) {
        decrypts.add(request);
      }
    }
    return decrypts.get(decrypts.size() - 1);
  }

  /**
   * What the dump holds that it must not: the secret (raw UTF-8 as a compact string stores it, UTF-16 as a
   * char[] does, base64, hex) and the credentials (the keys and the token, {@code AWS4} + secret key as SigV4's
   * first HMAC key, and the SigV4 signing key of KMS in this region for yesterday, today and tomorrow).
   */
  private static List<String> findings(Path dump) throws IOException, GeneralSecurityException {
    Map<String, byte[]> forbidden = new LinkedHashMap<>();
    byte[] secret = demo.apiKey.getBytes(UTF_8);
    forbidden.put("the secret (raw)", secret);
    forbidden.put("the secret (UTF-16)", demo.apiKey.getBytes(StandardCharsets.UTF_16BE));
    forbidden.put("the secret (base64)", Base64.getEncoder().encode(secret));
    forbidden.put("the secret (hex)", HexFormat.of().formatHex(secret).getBytes(UTF_8));
    forbidden.put("the access key id", credentials.accessKeyId.getBytes(UTF_8));
    forbidden.put("the secret access key", credentials.secretAccessKey.getBytes(UTF_8));
    forbidden.put("the secret access key (UTF-16)", credentials.secretAccessKey.getBytes(StandardCharsets.UTF_16BE));
    forbidden.put("the session token", credentials.token.getBytes(UTF_8));
    forbidden.put("AWS4 + the secret access key", ("AWS4" + credentials.secretAccessKey).getBytes(UTF_8));
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    for (LocalDate day : List.of(today.minusDays(1), today, today.plusDays(1))) {
      forbidden.put("the SigV4 signing key of " + day, signingKey(credentials.secretAccessKey, day, REGION, "kms"));
    }
    byte[] heap = Files.readAllBytes(dump);
    assertThat(heap.length).as("a heap dump").isGreaterThan(1_000_000);
    List<String> found = new ArrayList<>();
    forbidden.forEach((what, bytes) -> {
      if (indexOf(heap, bytes) >= 0) {
        found.add(what);
      }
    });
    return found;
  }

  /** SigV4's signing key: HMAC chain over the date, region, service and "aws4_request". */
  static byte[] signingKey(String secretKey, LocalDate day, String region, String service)
      throws GeneralSecurityException {
    byte[] key = ("AWS4" + secretKey).getBytes(UTF_8);
    for (String part : List.of(day.format(DateTimeFormatter.BASIC_ISO_DATE), region, service, "aws4_request")) {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      key = mac.doFinal(part.getBytes(UTF_8));
    }
    return key;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** A heap dump of live objects of a running JVM, with jcmd. */
  private static void dump(long pid, Path file) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_dump", file.toString())
        .redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.exists(file)).as(out).isTrue();
  }

  private static Path fresh(Path file) throws IOException {
    Files.deleteIfExists(file);
    return file;
  }

  /**
   * The container credentials endpoint that Lambda gives a SnapStart function ({@code
   * AWS_CONTAINER_CREDENTIALS_FULL_URI} with {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}), serving canary keys.
   */
  private static final class CredentialsEndpoint implements AutoCloseable {
    final String accessKeyId = "ASIACANARY" + random(10);
    final String secretAccessKey = "canary-secret-access-key-" + UUID.randomUUID();
    final String token = "canary-session-token-" + UUID.randomUUID();
    final String authorization = "canary-authorization-" + UUID.randomUUID();
    private final AtomicInteger requests = new AtomicInteger();
    private final HttpServer server;

    private CredentialsEndpoint() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/credentials", exchange -> {
        requests.incrementAndGet();
        boolean authorized = authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"));
        String expiration = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        byte[] body = (authorized
            ? "{\"AccessKeyId\":\"" + accessKeyId + "\",\"SecretAccessKey\":\"" + secretAccessKey
                + "\",\"Token\":\"" + token + "\",\"Expiration\":\"" + expiration + "\"}"
            : "{\"message\":\"unauthorized\"}").getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(authorized ? 200 : 401, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      server.start();
    }

    static CredentialsEndpoint start() throws IOException {
      return new CredentialsEndpoint();
    }

    String uri() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/credentials";
    }

    int requests() {
      return requests.get();
    }

    private static String random(int length) {
      return UUID.randomUUID().toString().replace("-", "").substring(0, length).toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
