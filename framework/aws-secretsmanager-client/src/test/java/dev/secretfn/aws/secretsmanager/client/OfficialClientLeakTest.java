package dev.secretfn.aws.secretsmanager.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.secretsmanager.SecretsManagerSecret;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import dev.secretfn.testing.CanaryAudit;
import dev.secretfn.testing.aws.SecretsManagerEmulator;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SDK's failures to read an answer quote the answer (Jackson's parse errors, the base64 decoder's message); the
 * official transport keeps none of them, so a secret in a cut or damaged answer is in no message, cause or log.
 */
class OfficialClientLeakTest {
  private static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  private static SourceException fetchFails(String emulatorEndpoint, String secretName) {
    try (OfficialStore store = OfficialStore.of(Map.of("AWS_REGION", "us-east-1",
        AwsSettings.SECRETS_MANAGER_EMULATOR_HOST, emulatorEndpoint.substring("http://".length())))) {
      SecretSource source = store.sources().iterator().next();
      source.fetch(Fetch.of(SecretsManagerSecret.of(secretName), List.of("SECRET"), Duration.ofSeconds(10), 1));
    } catch (SourceException e) {
      return e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return fail("the fetch succeeded");
  }

  @Test
  void fetch_answerCutMidSecret_failureCarriesNoPartOfIt() {
    try (CanaryAudit audit = CanaryAudit.start().captureAllLevels("dev.secretfn");
        SecretsManagerEmulator sm = SecretsManagerEmulator.start()) {
      String canary = audit.canary("cut");
      sm.createSecret("prod/db", "{\"password\":\"" + canary + canary + canary + "\"}");
      sm.knobs().truncateNext(1);

      SourceException failure = fetchFails(sm.endpoint(), "prod/db");

      assertThat(failure.isRetryable()).isTrue();
      audit.assertAbsentFrom(failure, stackTrace(failure));
    }
  }

  @Test
  void fetch_secretBinaryNotBase64_failureCarriesNoPartOfIt() {
    String body = "{\"SecretBinary\":\"c2VjcmV0 secret-tail\"}";
    try (HttpEmulator canned = HttpEmulator.start("canned-sm", new HttpEmulator.Service() {
      @Override
      public Reply serve(RecordedRequest request) {
        return Reply.bytes(200, "application/x-amz-json-1.1", body.getBytes(UTF_8));
      }

      @Override
      public Reply failure(RecordedRequest request, int httpStatus) {
        return Reply.empty(httpStatus);
      }
    })) {
      SourceException failure = fetchFails(canned.endpoint(), "prod/db");

      assertThat(failure.isRetryable()).isTrue();
      assertThat(stackTrace(failure)).doesNotContain("secret-tail", "c2VjcmV0", "base64 character");
    }
  }
}
