package dev.secretfn.gcp.secretmanager;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.spi.SourceException;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.gcp.SecretManagerEmulator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the lean transport puts on the wire (the request the emulator receives) and how it reads every answer:
 * the payload and its CRC32C, the version {@code latest} names, and each error kind parsed into step, message,
 * hint and retryability.
 */
class SecretManagerWireTest {
  private static final String SECRET = "projects/orders-prod/secrets/db-pass";
  private static final String REGIONAL = "projects/orders-prod/locations/europe-west1/secrets/db-pass";
  private static final int LIMIT = 64 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final SecretManagerEmulator sm = SecretManagerEmulator.start();
  private final LeanSecretManagerTransport lean =
      new LeanSecretManagerTransport(Optional.of(URI.create(sm.endpoint())), Optional.empty(), LIMIT);
  private final SecretVersionReader reader = new SecretVersionReader(() -> lean, LIMIT);

  @AfterEach
  void stop() {
    sm.close();
  }

  private String read(String name, OptionalLong version) throws Exception {
    Optional<String> location = name.contains("/locations/") ? Optional.of("europe-west1") : Optional.empty();
    Secret secret = reader.read(name, location, version, "test", TIMEOUT);
    return secret.revealString();
  }

  private SourceException fails(String name, OptionalLong version) {
    return catchThrowableOfType(SourceException.class, () -> read(name, version));
  }

  @Test
  void read_pinnedVersion_sendsOneGetWithoutBodyOrCredentials() throws Exception {
    sm.createSecret(SECRET);
    sm.addVersion(SECRET, "v1".getBytes(UTF_8));
    sm.addVersion(SECRET, "v2".getBytes(UTF_8));

    assertThat(read(SECRET + "/versions/1", OptionalLong.of(1))).isEqualTo("v1");

    RecordedRequest request = sm.requests().get(0);
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.path()).isEqualTo("/v1/" + SECRET + "/versions/1:access");
    assertThat(request.body()).isEmpty();
    assertThat(request.header("Authorization")).isEmpty();
    assertThat(sm.requests()).hasSize(1);
  }

  @Test
  void read_latest_readsTheNewestVersionEvenIfTheAnswerNamesTheProjectByNumber() throws Exception {
    sm.createSecret(SECRET);
    sm.projectNumber("orders-prod", 123456789012L);
    sm.addVersion(SECRET, "v1".getBytes(UTF_8));
    sm.addVersion(SECRET, "v2".getBytes(UTF_8));

    assertThat(read(SECRET + "/versions/latest", OptionalLong.empty())).isEqualTo("v2");
    assertThat(sm.requests().get(0).path()).endsWith("/versions/latest:access");
  }

  @Test
  void read_regionalSecret_namesTheLocationInThePath() throws Exception {
    sm.createSecret(REGIONAL);
    sm.addVersion(REGIONAL, "eu".getBytes(UTF_8));

    assertThat(read(REGIONAL + "/versions/1", OptionalLong.of(1))).isEqualTo("eu");
    assertThat(sm.requests().get(0).path()).isEqualTo("/v1/" + REGIONAL + "/versions/1:access");
  }

  @Test
  void endpoint_withoutEmulator_isGlobalOrRegional() {
    LeanSecretManagerTransport google = new LeanSecretManagerTransport(Optional.empty(), Optional.empty(), LIMIT);

    assertThat(google.endpoint(Optional.empty())).hasToString("https://secretmanager.googleapis.com");
    assertThat(google.endpoint(Optional.of("europe-west1")))
        .hasToString("https://secretmanager.europe-west1.rep.googleapis.com");
    assertThat(SecretManagerRest.accessUri(google.endpoint(Optional.empty()),
        "projects/example.com:p/secrets/s/versions/1"))
        .hasToString("https://secretmanager.googleapis.com/v1/projects/example.com%3Ap/secrets/s/versions/1:access");
  }

  @Test
  void read_emptyPayload_isAnEmptySecret() throws Exception {
    sm.createSecret(SECRET);
    sm.addVersion(SECRET, new byte[0]);

    assertThat(read(SECRET + "/versions/1", OptionalLong.of(1))).isEmpty();
  }

  @Test
  void read_disabledVersion_failsPermanentlyWithEnableHint() {
    sm.createSecret(SECRET);
    sm.addVersion(SECRET, "v1".getBytes(UTF_8));
    sm.disable(SECRET, 1);

    SourceException e = fails(SECRET + "/versions/1", OptionalLong.of(1));

    assertThat(e.step()).isEqualTo(Step.FETCH);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("FAILED_PRECONDITION", SECRET + "/versions/1", "version 1 is disabled");
    assertThat(e.hint()).get().asString()
        .contains("gcloud secrets versions enable 1 --secret db-pass --project orders-prod", "pin an enabled");
  }

  @Test
  void read_latestWhoseNewestVersionIsDisabled_failsAndSaysLatestIsTheNewest() {
    sm.createSecret(SECRET);
    sm.addVersion(SECRET, "v1".getBytes(UTF_8));
    sm.addVersion(SECRET, "v2".getBytes(UTF_8));
    sm.disable(SECRET, 2);

    SourceException e = fails(SECRET + "/versions/latest", OptionalLong.empty());

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("the newest version", "is disabled");
    assertThat(e.hint()).get().asString().contains("pin an enabled version");
  }

  @Test
  void read_destroyedVersion_failsPermanentlySayingItCannotComeBack() {
    sm.createSecret(SECRET);
    sm.addVersion(SECRET, "v1".getBytes(UTF_8));
    sm.addVersion(SECRET, "v2".getBytes(UTF_8));
    sm.destroy(SECRET, 1);

    SourceException e = fails(SECRET + "/versions/1", OptionalLong.of(1));

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("version 1 is destroyed");
    assertThat(e.hint()).get().asString().contains("cannot be read again", "pin an enabled version");
  }

  @Test
  void read_missingSecret_failsPermanentlyWithCreateHint() {
    SourceException e = fails(SECRET + "/versions/1", OptionalLong.of(1));

    assertThat(e.step()).isEqualTo(Step.FETCH);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("NOT_FOUND", "the secret does not exist");
    assertThat(e.hint()).get().asString().contains("create the secret", "gcloud secrets create db-pass");
  }

  @Test
  void read_missingVersion_failsPermanentlyNamingTheVersion() {
    sm.createSecret(SECRET);
    sm.addVersion(SECRET, "v1".getBytes(UTF_8));

    SourceException e = fails(SECRET + "/versions/9", OptionalLong.of(9));

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("the secret has no version 9");
    assertThat(e.hint()).get().asString().contains("gcloud secrets versions list db-pass");
  }

  @Test
  void read_denied_failsPermanentlyWithAccessorRoleOnTheSecret() {
    sm.createSecret(SECRET);
    sm.addVersion(SECRET, "v1".getBytes(UTF_8));
    sm.knobs().deny(SECRET);

    SourceException e = fails(SECRET + "/versions/1", OptionalLong.of(1));

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("PERMISSION_DENIED");
    assertThat(e.hint()).get().asString()
        .contains("roles/secretmanager.secretAccessor on the secret " + SECRET, "(not on the project)");
  }

  @Test
  void read_throttledOrUnavailable_isRetryable() {
    sm.createSecret(SECRET);
    sm.addVersion(SECRET, "v1".getBytes(UTF_8));
    for (int status : new int[] {429, 500, 503, 504}) {
      sm.knobs().failNext(1, status);

      SourceException e = fails(SECRET + "/versions/1", OptionalLong.of(1));

      assertThat(e.isRetryable()).as("status %d", status).isTrue();
      assertThat(e.step()).isEqualTo(Step.FETCH);
    }
  }

  @Test
  void read_corruptedChecksum_failsRetryablyAtVerify() {
    sm.createSecret(SECRET);
    sm.addVersion(SECRET, "v1".getBytes(UTF_8));
    sm.knobs().corruptNextChecksum(1);

    SourceException e = fails(SECRET + "/versions/1", OptionalLong.of(1));

    assertThat(e.step()).isEqualTo(Step.VERIFY);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).contains("CRC32C", "corrupted in transit");
  }

  @Test
  void read_versionStoredWithoutChecksum_readsAndLogsAtInfoThatItIsUnverified() throws Exception {
    sm.createSecret(SECRET);
    sm.addVersionWithoutChecksum(SECRET, "old-cmek-canary".getBytes(UTF_8));
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger logger = Logger.getLogger("dev.secretfn");
    logger.addHandler(handler);
    String value;
    try {
      value = read(SECRET + "/versions/1", OptionalLong.of(1));
    } finally {
      logger.removeHandler(handler);
    }

    assertThat(value).isEqualTo("old-cmek-canary");
    assertThat(records).filteredOn(r -> r.getLevel() == Level.INFO).map(LogRecord::getMessage)
        .containsExactly("secretfn: test read version 1 unverified: it carries no CRC32C (dataCrc32c), as Secret"
            + " Manager answers for a CMEK version created before 2021-07-16; add the value as a new version to get"
            + " a checksum");
    assertThat(records).noneSatisfy(r -> assertThat(String.valueOf(r.getMessage())).contains("canary"));
  }

  @Test
  void read_secretIdSpellingAState_isClassifiedByGooglesMessageNotByTheName() {
    String tricky = "projects/orders-prod/secrets/destroyed-disabled";
    sm.createSecret(tricky);
    sm.addVersion(tricky, "v1".getBytes(UTF_8));
    sm.addVersion(tricky, "v2".getBytes(UTF_8));
    sm.disable(tricky, 1);

    assertThat(fails(tricky + "/versions/9", OptionalLong.of(9)).getMessage()).contains("has no version 9");
    assertThat(fails(tricky + "/versions/1", OptionalLong.of(1)).getMessage()).contains("version 1 is disabled");
  }

  @Test
  void read_regionalSecretErrors_hintsNameTheLocationForGcloud() {
    sm.createSecret(REGIONAL);
    sm.addVersion(REGIONAL, "eu".getBytes(UTF_8));
    sm.disable(REGIONAL, 1);

    assertThat(fails(REGIONAL + "/versions/1", OptionalLong.of(1)).hint()).get().asString().contains(
        "gcloud secrets versions enable 1 --secret db-pass --project orders-prod --location europe-west1");
    assertThat(fails(REGIONAL + "/versions/2", OptionalLong.of(2)).hint()).get().asString()
        .contains("gcloud secrets versions list db-pass --project orders-prod --location europe-west1");
  }

  @Test
  void read_payloadOverTheLimit_failsPermanentlyAtDecode() {
    sm.createSecret(SECRET);
    sm.addVersion(SECRET, new byte[LIMIT + 1]);

    SourceException e = fails(SECRET + "/versions/1", OptionalLong.of(1));

    assertThat(e.step()).isEqualTo(Step.DECODE);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.hint()).get().asString().contains("GcpSettings.maxObjectBytes");
  }

  @Test
  void read_cutAnswerOrReset_isRetryable() {
    sm.createSecret(SECRET);
    sm.addVersion(SECRET, "v1".getBytes(UTF_8));
    sm.knobs().truncateNext(1);

    assertThat(fails(SECRET + "/versions/1", OptionalLong.of(1)).isRetryable()).isTrue();
  }

  @Test
  void answer_otherVersionOrSecretOrShape_isMalformed() {
    assertThat(catchThrowableOfType(SecretManagerRest.MalformedAnswerException.class, () -> SecretManagerRest.answer(
        "{\"name\":\"projects/1/secrets/other/versions/1\",\"payload\":{}}".getBytes(UTF_8), "db"))).isNotNull();
    assertThat(catchThrowableOfType(SecretManagerRest.MalformedAnswerException.class, () -> SecretManagerRest.answer(
        "{\"name\":\"projects/1/secrets/db/versions/1\",\"payload\":{\"data\":\"*\"}}".getBytes(UTF_8), "db")))
        .hasMessageContaining("not base64");
    assertThat(catchThrowableOfType(SecretManagerRest.MalformedAnswerException.class, () -> SecretManagerRest.answer(
        "{\"name\":\"projects/1/secrets/db/versions/1\",\"payload\":{\"dataCrc32c\":\"-1\"}}".getBytes(UTF_8),
        "db"))).hasMessageContaining("unsigned 32-bit");
  }

  @Test
  void prime_againstEmulator_sendsOneUncredentialedRequestAndNeverThrows() throws Exception {
    reader.prime(Duration.ofSeconds(2));

    assertThat(sm.requests()).hasSize(1);
    assertThat(sm.requests().get(0).path()).isEqualTo("/v1/" + LeanSecretManagerTransport.PRIMING_NAME + ":access");
    assertThat(sm.requests().get(0).header("Authorization")).isEmpty();
  }
}
