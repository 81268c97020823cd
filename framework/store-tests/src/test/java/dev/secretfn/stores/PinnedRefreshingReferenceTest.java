package dev.secretfn.stores;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.Kms;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolver;
import dev.secretfn.Step;
import dev.secretfn.aws.AwsTestbed;
import dev.secretfn.gcp.GcpTestbed;
import dev.secretfn.stores.RefreshingFunctions.RefreshingFunction;
import dev.secretfn.testing.aws.SecretsManagerEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 14: a reference pinned to one version never moves, so a refreshing declaration of it is a start-up
 * failure, on every store's pinned form and on every KMS ciphertext form (which carries its value). The pinned
 * version exists in the emulator, so only the declaration is wrong: start-up fails at {@code PARSE_REFERENCE},
 * before any request, with the message and both fixes (drop the version, or declare it without {@code @Refresh}),
 * and names no value. Each form is declared as users declare it: through {@code @Refresh} in the generated
 * module, or by hand for a bare ciphertext, which needs {@link SecretDeclaration#encryptedWith}.
 */
class PinnedRefreshingReferenceTest {
  private static final String VARIABLE = RefreshingFunctions.VARIABLE;

  /** A pinned form: the testbed it needs, and what it stores and puts in the variable. */
  enum PinnedForm {
    SECRET_MANAGER_BERGLAS_VERSION,
    SECRET_MANAGER_VERSION,
    SECRETS_MANAGER_VERSION_ID,
    SSM_VERSION,
    CLOUD_STORAGE_GENERATION,
    BERGLAS_GENERATION,
    S3_VERSION_ID,
    VAULT_VERSION,
    CLOUD_KMS_CIPHERTEXT,
    AWS_KMS_CIPHERTEXT,
    BARE_CLOUD_KMS_CIPHERTEXT,
    BARE_AWS_KMS_CIPHERTEXT;

    SourceTestbed start() {
      switch (this) {
        case SECRET_MANAGER_BERGLAS_VERSION:
        case SECRET_MANAGER_VERSION:
        case CLOUD_STORAGE_GENERATION:
        case BERGLAS_GENERATION:
        case CLOUD_KMS_CIPHERTEXT:
        case BARE_CLOUD_KMS_CIPHERTEXT:
          return new GcpTestbed();
        case VAULT_VERSION:
          return new VaultTestbed();
        default:
          return new AwsTestbed();
      }
    }

    /** Stores {@code value} (three versions where the store versions) and returns the variables to set. */
    Map<String, String> prepare(SourceTestbed testbed, String value) {
      String json = "{\"username\":\"orders\",\"password\":\"" + value + "\"}";
      Map<String, String> variables = new LinkedHashMap<>();
      switch (this) {
        case SECRET_MANAGER_BERGLAS_VERSION: {
          GcpTestbed gcp = (GcpTestbed) testbed;
          gcp.sm.createSecret(RotatingStore.SM_SECRET);
          for (int i = 0; i < 3; i++) {
            gcp.sm.addVersion(RotatingStore.SM_SECRET, value.getBytes(UTF_8));
          }
          variables.put(VARIABLE, RotatingStore.SM_REFERENCE + "#3");
          break;
        }
        case SECRET_MANAGER_VERSION: {
          GcpTestbed gcp = (GcpTestbed) testbed;
          String secret = "projects/secretfn-it/locations/europe-west1/secrets/db-pass";
          gcp.sm.createSecret(secret);
          for (int i = 0; i < 3; i++) {
            gcp.sm.addVersion(secret, json.getBytes(UTF_8));
          }
          variables.put(VARIABLE, "gcp-sm://" + secret + "/versions/3#password");
          break;
        }
        case SECRETS_MANAGER_VERSION_ID: {
          SecretsManagerEmulator sm = ((AwsTestbed) testbed).secretsManager;
          sm.createSecret(RotatingStore.SECRET_NAME, json);
          String versionId = sm.versionWithLabel(RotatingStore.SECRET_NAME, SecretsManagerEmulator.CURRENT)
              .orElseThrow();
          variables.put(VARIABLE, "aws-sm://" + RotatingStore.SECRET_NAME + "?versionId=" + versionId + "#password");
          break;
        }
        case SSM_VERSION: {
          AwsTestbed aws = (AwsTestbed) testbed;
          aws.ssm.putSecureString(RotatingStore.PARAMETER, value, "alias/aws/ssm");
          long version = aws.ssm.putSecureString(RotatingStore.PARAMETER, value, "alias/aws/ssm");
          variables.put(VARIABLE, "ssm://" + RotatingStore.PARAMETER + "?version=" + version);
          break;
        }
        case CLOUD_STORAGE_GENERATION: {
          long generation = ((GcpTestbed) testbed).gcs.putObject(GcpTestbed.BUCKET, RotatingStore.OBJECT,
              json.getBytes(UTF_8));
          variables.put(VARIABLE,
              "gs://" + GcpTestbed.BUCKET + "/" + RotatingStore.OBJECT + "?generation=" + generation + "#password");
          break;
        }
        case BERGLAS_GENERATION: {
          GcpTestbed gcp = (GcpTestbed) testbed;
          String object = "app/api-key";
          long generation = gcp.gcs.putObject(GcpTestbed.BUCKET, object,
              gcp.berglasBody(object, value.getBytes(UTF_8)).text().getBytes(UTF_8), GcpTestbed.BERGLAS_METADATA);
          variables.put(VARIABLE, "berglas://" + GcpTestbed.BUCKET + "/" + object + "#" + generation);
          break;
        }
        case S3_VERSION_ID: {
          String versionId = ((AwsTestbed) testbed).s3.putObject(AwsTestbed.BUCKET, RotatingStore.OBJECT,
              json.getBytes(UTF_8));
          variables.put(VARIABLE,
              "s3://" + AwsTestbed.BUCKET + "/" + RotatingStore.OBJECT + "?versionId=" + versionId + "#password");
          break;
        }
        case VAULT_VERSION: {
          VaultTestbed vault = (VaultTestbed) testbed;
          vault.vault.put(RotatingStore.VAULT_PATH, Map.of("password", value));
          int version = vault.vault.put(RotatingStore.VAULT_PATH, Map.of("password", value));
          variables.put(VARIABLE, "vault://" + RotatingStore.VAULT_PATH + "?version=" + version + "#password");
          break;
        }
        case CLOUD_KMS_CIPHERTEXT:
          variables.put(VARIABLE, "gcp-kms://" + GcpTestbed.KEY + "?ciphertext="
              + ((GcpTestbed) testbed).encrypt(GcpTestbed.KEY, value, ""));
          break;
        case AWS_KMS_CIPHERTEXT: {
          AwsTestbed aws = (AwsTestbed) testbed;
          variables.put(VARIABLE, "aws-kms://" + aws.key + "?ciphertext=" + aws.encryptForFunction(aws.key, value));
          break;
        }
        case BARE_CLOUD_KMS_CIPHERTEXT:
          variables.put(VARIABLE, ((GcpTestbed) testbed).encrypt(GcpTestbed.KEY, value, ""));
          variables.put("KMS_CRYPTO_KEY_ID", GcpTestbed.KEY);
          break;
        case BARE_AWS_KMS_CIPHERTEXT: {
          AwsTestbed aws = (AwsTestbed) testbed;
          variables.put(VARIABLE, aws.encryptForFunction(aws.key, value));
          break;
        }
        default:
          throw new AssertionError(this);
      }
      return variables;
    }

    /** A bare ciphertext is read only by a declaration that names its key service. */
    Optional<Kms> bare() {
      return this == BARE_CLOUD_KMS_CIPHERTEXT ? Optional.of(Kms.GCP)
          : this == BARE_AWS_KMS_CIPHERTEXT ? Optional.of(Kms.AWS) : Optional.empty();
    }
  }

  private SourceTestbed testbed;

  @AfterEach
  void stop() {
    if (testbed != null) {
      testbed.close();
    }
  }

  @ParameterizedTest
  @EnumSource(PinnedForm.class)
  void startUp_pinnedReferenceDeclaredRefreshing_failsAtParseReferenceBeforeAnyRequestWithBothFixes(
      PinnedForm form) {
    testbed = form.start();
    Map<String, String> variables = form.prepare(testbed, testbed.canary(form.name().toLowerCase()));
    int requestsBefore = requests(testbed).size();
    RefreshingFunction function = testbed.track(RefreshingFunctions.create(Transport.LEAN,
        testbed.deployment(variables)));

    SecretResolutionException error = SourceTestbed.startupFails(() -> {
      if (form.bare().isPresent()) {
        SecretResolver.create(function.syntaxes(), function.sources(), SourceTestbed.FAST).resolve(
            List.of(SecretDeclaration.required(VARIABLE).encryptedWith(form.bare().get())
                .refreshing(Duration.ofSeconds(1))),
            Environment.of(testbed.variables(variables)));
      } else {
        function.secret(); // the generated module's @Refresh(maxAgeSeconds = 1) declaration
      }
    });

    SecretResolutionException.Failure failure = SourceTestbed.onlyFailure(error);
    assertThat(failure.variable()).isEqualTo(VARIABLE);
    assertThat(failure.step()).isEqualTo(Step.PARSE_REFERENCE);
    assertThat(failure.isRetryable()).isFalse();
    assertThat(failure.reference()).isPresent();
    assertThat(failure.cause()).contains(VARIABLE + " is declared refreshing but its reference is pinned");
    assertThat(failure.hint()).get().asString()
        .contains("drop the version from the reference", "declare " + VARIABLE + " without @Refresh");
    assertThat(error.getMessage()).startsWith("secretfn could not resolve").contains(VARIABLE, "PARSE_REFERENCE");
    assertThat(requests(testbed)).as("requests after start-up began").hasSize(requestsBefore);
    testbed.assertNoCanaryIn(error, function.sources());
  }

  /** Every request every emulator of the testbed received. */
  private static List<RecordedRequest> requests(SourceTestbed testbed) {
    List<RecordedRequest> all = new ArrayList<>();
    if (testbed instanceof GcpTestbed gcp) {
      all.addAll(gcp.kms.requests());
      all.addAll(gcp.gcs.requests());
      all.addAll(gcp.sm.requests());
    } else if (testbed instanceof AwsTestbed aws) {
      all.addAll(aws.kms.requests());
      all.addAll(aws.s3.requests());
      all.addAll(aws.secretsManager.requests());
      all.addAll(aws.ssm.requests());
    } else {
      VaultTestbed vault = (VaultTestbed) testbed;
      all.addAll(vault.vault.requests());
      all.addAll(vault.metadata.requests());
    }
    return all;
  }
}
