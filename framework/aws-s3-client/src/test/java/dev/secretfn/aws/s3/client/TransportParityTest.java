package dev.secretfn.aws.s3.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.s3.S3Object;
import dev.secretfn.aws.s3.client.Store.Transport;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SourceException;
import dev.secretfn.testing.aws.S3Emulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lean transport and the SDK's S3Client fail alike: for each fault of the emulator, one attempt on each
 * transport, against a fresh emulator set up the same way, gives the same step, retry flag, message and fix.
 */
class TransportParityTest {
  private static final String BUCKET = "secretfn-parity";
  private static final String KEY = "app/config.json";
  private static final String CONTENT = "{\"password\":\"p\u00e4ss w0rd\"}";

  /** A fault: how the emulator is set up, and which object the attempt reads. */
  record Fault(String name, Consumer<S3Emulator> setUp, S3Object object) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static S3Object object(String bucket, String key, Optional<String> versionId) {
    return new S3Object(bucket, key, versionId, Optional.empty());
  }

  private static final S3Object PLAIN = object(BUCKET, KEY, Optional.empty());

  static Stream<Fault> faults() {
    Stream<Fault> statuses = Stream.of(400, 401, 403, 404, 409, 412, 429, 500, 501, 503, 504)
        .map(status -> new Fault("failNext " + status, s3 -> s3.knobs().failNext(1, status), PLAIN));
    Stream<Fault> others = Stream.of(
        new Fault("denied", s3 -> s3.knobs().deny(BUCKET + "/app/"), PLAIN),
        new Fault("missing key", s3 -> { }, object(BUCKET, "app/missing.json", Optional.empty())),
        new Fault("missing bucket", s3 -> { }, object("secretfn-no-such-bucket", KEY, Optional.empty())),
        new Fault("missing version", s3 -> { }, object(BUCKET, KEY, Optional.of("v".repeat(32)))),
        new Fault("malformed version", s3 -> { }, object(BUCKET, KEY, Optional.of("not+valid"))),
        new Fault("over the size limit", s3 -> s3.putObject(BUCKET, "big", new byte[64 * 1024 + 1]),
            object(BUCKET, "big", Optional.empty())),
        new Fault("cut mid-answer", s3 -> s3.knobs().truncateNext(1), PLAIN),
        new Fault("connection dropped twice", s3 -> s3.knobs().resetNext(2), PLAIN),
        new Fault("slower than the attempt", s3 -> s3.knobs().latency(Duration.ofSeconds(3)), PLAIN));
    return Stream.concat(statuses, others);
  }

  /** One attempt on {@code transport}; the failure, or empty when it read the object. */
  private static Optional<SourceException> attempt(Transport transport, Fault fault) throws InterruptedException {
    try (S3Emulator s3 = S3Emulator.start();
        Store store = transport.open(Map.of("AWS_REGION", "us-east-1",
            AwsSettings.S3_EMULATOR_HOST, s3.endpoint().substring("http://".length())))) {
      s3.putObject(BUCKET, KEY, CONTENT.getBytes(UTF_8));
      fault.setUp().accept(s3);
      try {
        Duration timeout = fault.name().startsWith("slower") ? Duration.ofMillis(500) : Duration.ofSeconds(10);
        Secret secret = store.sources().iterator().next()
            .fetch(Fetch.of(fault.object(), List.of("CONFIG"), timeout, 1));
        assertThat(secret.revealString()).isEqualTo(CONTENT);
        return Optional.empty();
      } catch (SourceException e) {
        return Optional.of(e);
      }
    }
  }

  /**
   * Step, flag, message and fix. A cut answer's received byte count is left out: the SDK asks S3 to append the
   * MD5 to the body, so the emulator cuts a longer answer at another place.
   */
  private static String describe(SourceException e) {
    return e.step() + (e.isRetryable() ? " retryable: " : " permanent: ")
        + e.getMessage().replaceAll("ended after [0-9]+ of", "ended after N of") + " | fix: "
        + e.hint().orElse("none");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void fetch_underFault_sameFailureOnBothTransports(Fault fault) throws Exception {
    SourceException lean = attempt(Transport.LEAN, fault).orElseThrow();
    SourceException sdk = attempt(Transport.SDK, fault).orElseThrow();

    assertThat(describe(lean)).isEqualTo(describe(sdk));
  }

  @Test
  void fetch_checksumCorruptedInTransit_bothRetryableAtVerifyNamingTheIntegrityCheck() throws Exception {
    Fault corrupted = new Fault("checksum", s3 -> s3.knobs().corruptNextChecksum(1), PLAIN);

    for (Transport transport : Transport.values()) {
      SourceException e = attempt(transport, corrupted).orElseThrow();
      assertThat(e.step()).as(transport.name()).isEqualTo(Step.VERIFY);
      assertThat(e.isRetryable()).as(transport.name()).isTrue();
      assertThat(e.getMessage()).as(transport.name())
          .startsWith("the response for s3://" + BUCKET + "/" + KEY + " failed the")
          .contains("integrity check", "corrupted in transit");
    }
  }

  @Test
  void fetch_noCredentialsForAnExplicitEndpoint_sameSetUpFailureBeforeAnyRequest() throws Exception {
    for (Transport transport : Transport.values()) {
      try (S3Emulator s3 = S3Emulator.start();
          Store store = transport.open(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL_S3", s3.endpoint()))) {
        SourceException e = null;
        try {
          store.sources().iterator().next().fetch(Fetch.of(PLAIN, List.of("CONFIG"), Duration.ofSeconds(10), 1));
        } catch (SourceException caught) {
          e = caught;
        }

        assertThat(e).as(transport.name()).isNotNull();
        assertThat(e.step()).as(transport.name()).isEqualTo(Step.SOURCE_SETUP);
        assertThat(e.isRetryable()).as(transport.name()).isFalse();
        assertThat(e.getMessage()).as(transport.name()).startsWith("no AWS credentials: ");
        assertThat(s3.requests()).as(transport.name()).isEmpty();
      }
    }
  }

  @Test
  void fetch_bucketInAnotherRegion_bothFollowAndRead() throws Exception {
    for (int answer : new int[] {301, 400}) {
      Fault elsewhere = new Fault("bucket in eu-west-1", s3 -> {
        s3.createBucket("secretfn-far", "eu-west-1");
        s3.answerWrongRegionWith(answer);
        s3.putObject("secretfn-far", KEY, CONTENT.getBytes(UTF_8));
      }, object("secretfn-far", KEY, Optional.empty()));

      assertThat(attempt(Transport.LEAN, elsewhere)).as("lean, " + answer).isEmpty();
      assertThat(attempt(Transport.SDK, elsewhere)).as("SDK, " + answer).isEmpty();
    }
  }
}
