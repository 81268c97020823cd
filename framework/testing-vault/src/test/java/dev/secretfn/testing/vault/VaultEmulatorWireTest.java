package dev.secretfn.testing.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.RotationReads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/** The Vault emulator over raw HTTP, as curl would call it, with Vault's JSON shapes. */
class VaultEmulatorWireTest {
  private static final String SA = "weather@demo-project.iam.gserviceaccount.com";
  private static final String ROLE_ARN = "arn:aws:iam::111122223333:role/weather-fn";
  private static MetadataServerEmulator metadata;
  private static VaultEmulator vault;

  @BeforeAll
  static void start() {
    metadata = MetadataServerEmulator.start(SA);
    vault = VaultEmulator.start();
    vault.mountKv("secret", 2);
    vault.mountKv("kv", 1);
    vault.put("secret/apikeys/weather", Map.of("value", "v1-key"));
    vault.put("secret/apikeys/weather", Map.of("value", "v2-key"));
    vault.put("kv/db", Map.of("password", "pw"));
    vault.policy("weather", "secret/data/apikeys/*", "kv/db");
    vault.trustGoogleSigner(metadata.publicKey());
    vault.gcpRole("weather-fn", SA, true, "weather");
    vault.gcpRole("service-fn", SA, false, "weather");
    vault.awsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG", "arn:aws:sts::111122223333:assumed-role/weather-fn/s1");
    vault.awsRole("weather-fn", ROLE_ARN, true, "weather");
  }

  @AfterAll
  static void stop() {
    vault.close();
    metadata.close();
  }

  @Test
  void gcpLogin_metadataToken_issuesBatchTokenThatReadsKvV2Shape() throws Exception {
    String token = gcpLogin("weather-fn", "http://vault/weather-fn");
    assertThat(token).startsWith("hvb.");

    Answer read = call("GET", "/v1/secret/data/apikeys/weather", token, null);
    assertThat(read.status).isEqualTo(200);
    Map<String, Object> data = object(read.json().get("data"));
    assertThat(data.get("data")).isEqualTo(Map.of("value", "v2-key"));
    assertThat(object(data.get("metadata")).get("version").toString()).isEqualTo("2");
    Answer pinned = call("GET", "/v1/secret/data/apikeys/weather?version=1", token, null);
    assertThat(object(object(pinned.json().get("data")).get("data"))).isEqualTo(Map.of("value", "v1-key"));
  }

  @Test
  void read_kvV1AndMountLookup_haveVaultShapes() throws Exception {
    String token = gcpLogin("weather-fn", "http://vault/weather-fn");

    Answer v1 = call("GET", "/v1/kv/db", token, null);
    assertThat(v1.json().get("data")).isEqualTo(Map.of("password", "pw"));
    Map<String, Object> v2Mount = object(call("GET", "/v1/sys/internal/ui/mounts/secret/apikeys/weather", token, null)
        .json().get("data"));
    assertThat(v2Mount.get("path")).isEqualTo("secret/");
    assertThat(v2Mount.get("options")).isEqualTo(Map.of("version", "2"));
    Map<String, Object> v1Mount = object(call("GET", "/v1/sys/internal/ui/mounts/kv/db", token, null).json().get("data"));
    assertThat(v1Mount.get("options")).isNull();
  }

  @Test
  void gcpLogin_wrongRoleAudienceOrSigner_isRefusedWithVaultErrors() throws Exception {
    String goodJwt = metadata.identityToken("http://vault/weather-fn");

    Answer wrongRole = call("POST", "/v1/auth/gcp/login", null, login("nobody", goodJwt));
    Answer wrongAudience = call("POST", "/v1/auth/gcp/login", null,
        login("weather-fn", metadata.identityToken("http://vault/other-role")));
    String[] parts = goodJwt.split("\\.");
    String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace(SA, "intruder@demo-project.iam.gserviceaccount.com").getBytes(StandardCharsets.UTF_8))
        + "." + parts[2];
    Answer badSignature = call("POST", "/v1/auth/gcp/login", null, login("weather-fn", forged));

    assertThat(wrongRole.status).isEqualTo(400);
    assertThat(wrongRole.body).contains("\"errors\":[\"invalid role name \\\"nobody\\\"\"]");
    assertThat(wrongAudience.status).isEqualTo(400);
    assertThat(wrongAudience.body).contains("expected audience");
    assertThat(badSignature.status).isEqualTo(400);
    assertThat(badSignature.body).contains("could not verify JWT signature");
  }

  @Test
  void read_outsidePolicyMissingOrWithoutToken_answers403Or404() throws Exception {
    String token = gcpLogin("weather-fn", "http://vault/weather-fn");
    vault.put("secret/other", Map.of("value", "x"));

    assertThat(call("GET", "/v1/secret/data/other", token, null).status).isEqualTo(403);
    assertThat(call("GET", "/v1/secret/data/apikeys/nothing", token, null).body).isEqualTo("{\"errors\":[]}");
    assertThat(call("GET", "/v1/secret/data/apikeys/weather", null, null).status).isEqualTo(403);
  }

  @Test
  void revokeSelf_serviceToken_revokesItButBatchTokensCannotBe() throws Exception {
    String service = gcpLogin("service-fn", "http://vault/service-fn");
    String batch = gcpLogin("weather-fn", "http://vault/weather-fn");

    assertThat(call("POST", "/v1/auth/token/revoke-self", service, new byte[0]).status).isEqualTo(204);
    assertThat(call("GET", "/v1/secret/data/apikeys/weather", service, null).status).isEqualTo(403);
    assertThat(call("POST", "/v1/auth/token/revoke-self", batch, new byte[0]).status).isEqualTo(400);
  }

  @Test
  void seal_anyRequest_answers503Sealed() throws Exception {
    vault.seal(true);
    try {
      Answer answer = call("POST", "/v1/auth/gcp/login", null, login("weather-fn", "x.y.z"));
      assertThat(answer.status).isEqualTo(503);
      assertThat(answer.body).isEqualTo("{\"errors\":[\"Vault is sealed\"]}");
    } finally {
      vault.seal(false);
    }
  }

  @Test
  void awsLogin_requestSignedBySdkSigner_isVerifiedAndWrongKeyRefused() throws Exception {
    Answer good = call("POST", "/v1/auth/aws/login", null, awsLogin("wJalrXUtnFEMI/K7MDENG"));
    Answer wrongKey = call("POST", "/v1/auth/aws/login", null, awsLogin("not-the-secret"));

    assertThat(good.status).as(good.body).isEqualTo(200);
    assertThat(object(good.json().get("auth")).get("token_type")).isEqualTo("batch");
    assertThat(wrongKey.status).isEqualTo(400);
    assertThat(wrongKey.body).contains("SignatureDoesNotMatch");
  }

  @Test
  void kvV2Put_whileServing_newVersionIsReadWithoutATornAnswer() throws Exception {
    String old = "old-" + "o".repeat(4096);
    String next = "new-" + "n".repeat(4096);
    vault.put("secret/apikeys/rotating", Map.of("value", old));
    String token = gcpLogin("weather-fn", "http://vault/weather-fn");

    List<RotationReads.Read<Object>> reads = RotationReads.during(4,
        () -> kvValue(call("GET", "/v1/secret/data/apikeys/rotating", token, null)),
        () -> vault.put("secret/apikeys/rotating", Map.of("value", next)));

    assertOldOrNewThenNew(reads, old, next);
    assertThat(kvValue(call("GET", "/v1/secret/data/apikeys/rotating?version=1", token, null))).isEqualTo(old);
  }

  @Test
  void kvV1Put_whileServing_overwriteIsReadWithoutATornOrMissingAnswer() throws Exception {
    String old = "old-" + "o".repeat(4096);
    String next = "new-" + "n".repeat(4096);
    vault.put("kv/rotating", Map.of("value", old));
    vault.policy("rotation", "kv/rotating");
    vault.gcpRole("rotation-fn", SA, true, "rotation");
    String token = gcpLogin("rotation-fn", "http://vault/rotation-fn");

    List<RotationReads.Read<Object>> reads = RotationReads.during(4, () -> {
      Answer answer = call("GET", "/v1/kv/rotating", token, null);
      assertThat(answer.status).as(answer.body).isEqualTo(200);
      return answer.json().get("data");
    }, () -> vault.put("kv/rotating", Map.of("value", next)));

    assertOldOrNewThenNew(reads, Map.of("value", old), Map.of("value", next));
  }

  private static Object kvValue(Answer answer) throws Json.MalformedJsonException {
    assertThat(answer.status).as(answer.body).isEqualTo(200);
    return object(object(answer.json().get("data")).get("data")).get("value");
  }

  private static void assertOldOrNewThenNew(List<RotationReads.Read<Object>> reads, Object old, Object next) {
    assertThat(reads).allSatisfy(r -> assertThat(r.value()).as("a whole value").isIn(old, next));
    assertThat(reads).filteredOn(r -> !r.afterRotation()).extracting(RotationReads.Read::value).contains(old);
    assertThat(reads).filteredOn(RotationReads.Read::afterRotation).isNotEmpty()
        .allSatisfy(r -> assertThat(r.value()).as("read after the rotation").isEqualTo(next));
  }

  @Test
  void metadataServer_withoutFlavorHeader_answers403() throws Exception {
    HttpURLConnection c = (HttpURLConnection) URI.create(metadata.endpoint()
        + "/computeMetadata/v1/instance/service-accounts/default/identity?audience=x").toURL().openConnection();
    assertThat(c.getResponseCode()).isEqualTo(403);
  }

  private static byte[] awsLogin(String secretKey) {
    String body = "Action=GetCallerIdentity&Version=2011-06-15";
    SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create(VaultEmulator.STS_URL))
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsBasicCredentials.create("AKIDEXAMPLE", secretKey))
        .request(request)
        .payload(ContentStreamProvider.fromUtf8String(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
    Map<String, Object> headers = new LinkedHashMap<>(signed.request().headers());
    Base64.Encoder b64 = Base64.getEncoder();
    Map<String, Object> login = new LinkedHashMap<>();
    login.put("role", "weather-fn");
    login.put("iam_http_request_method", "POST");
    login.put("iam_request_url", b64.encodeToString(VaultEmulator.STS_URL.getBytes(StandardCharsets.UTF_8)));
    login.put("iam_request_body", b64.encodeToString(body.getBytes(StandardCharsets.UTF_8)));
    login.put("iam_request_headers", b64.encodeToString(Json.write(headers).getBytes(StandardCharsets.UTF_8)));
    return Json.write(login).getBytes(StandardCharsets.UTF_8);
  }

  private static String gcpLogin(String role, String audience) throws Exception {
    HttpURLConnection c = (HttpURLConnection) URI.create(metadata.endpoint()
        + "/computeMetadata/v1/instance/service-accounts/default/identity?audience="
        + java.net.URLEncoder.encode(audience, StandardCharsets.UTF_8) + "&format=full").toURL().openConnection();
    c.setRequestProperty("Metadata-Flavor", "Google");
    String jwt = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Answer answer = call("POST", "/v1/auth/gcp/login", null, login(role, jwt));
    assertThat(answer.status).as(answer.body).isEqualTo(200);
    return (String) object(answer.json().get("auth")).get("client_token");
  }

  private static byte[] login(String role, String jwt) {
    return Json.write(Map.of("role", role, "jwt", jwt)).getBytes(StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value) {
    return (Map<String, Object>) value;
  }

  private static Answer call(String method, String path, String token, byte[] body) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(vault.endpoint() + path).toURL().openConnection();
    c.setRequestMethod(method);
    c.setReadTimeout((int) Duration.ofSeconds(5).toMillis());
    if (token != null) {
      c.setRequestProperty("X-Vault-Token", token);
    }
    if (body != null) {
      c.setDoOutput(true);
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
    }
    int status = c.getResponseCode();
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
  }

  private static final class Answer {
    final int status;
    final String body;

    Answer(int status, String body) {
      this.status = status;
      this.body = body;
    }

    Map<String, Object> json() throws Json.MalformedJsonException {
      return Json.parseObject(body);
    }
  }

}
