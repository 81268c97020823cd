package dev.secretfn.stores;

import static dev.secretfn.aws.AwsTestbed.BUCKET;
import static dev.secretfn.aws.AwsTestbed.FUNCTION_NAME;
import static dev.secretfn.stores.StoreLeakAuditTest.SHORT;
import static dev.secretfn.stores.StoreLeakAuditTest.VAR;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.secretfn.Kms;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.Step;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.AwsTestbed;
import dev.secretfn.aws.EncryptionContext;
import dev.secretfn.stores.StoreLeakAuditTest.Case;
import dev.secretfn.stores.StoreLeakAuditTest.HappyPath;
import dev.secretfn.stores.StoreLeakAuditTest.Resolution;
import dev.secretfn.stores.StoreLeakAuditTest.Scenario;
import dev.secretfn.testing.CanaryAudit;
import dev.secretfn.testing.aws.SsmEmulator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The AWS stores' side of {@link StoreLeakAuditTest}: AWS KMS, S3 and Secrets Manager failure scenarios and the
 * happy paths, and the helpers that plant their canaries in the emulators.
 */
final class AwsLeakScenarios extends LeakFixture {
  private static final String KEY_NAME = "app/secret.json";
  private static final String SECRET_NAME = "prod/orders-db";
  private static final String PARAMETER = "/app/secret";

  final AwsTestbed testbed = new AwsTestbed();

  AwsLeakScenarios(CanaryAudit audit) {
    super(audit);
  }

  @Override
  SourceTestbed testbed() {
    return testbed;
  }

  /** A bare AWS KMS ciphertext names its key itself. */
  @Override
  Map<String, String> ciphertextEnvironment() {
    return Map.of();
  }

  static Stream<Named<Scenario<?>>> failures() {
    return Stream.of(
        // AWS KMS
        scenario("KMS access denied", Step.DECRYPT, t -> {
          t.testbed.kms.knobs().deny(t.testbed.key);
          return Case.of(t.kmsReference(t.canary("kms-denied")));
        }),
        scenario("KMS key not found", Step.DECRYPT, t -> Case.of("aws-kms://"
            + "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000?ciphertext="
            + t.testbed.encryptForFunction(t.testbed.key, t.canary("kms-missing")))),
        scenario("KMS ciphertext of another key", Step.DECRYPT, t -> Case.of("aws-kms://" + t.testbed.otherKey
            + "?ciphertext=" + t.testbed.encryptForFunction(t.testbed.key, t.canary("kms-otherkey")))),
        scenario("KMS tampered ciphertext", Step.DECRYPT, t -> {
          byte[] blob = Base64.getDecoder().decode(t.testbed.encryptForFunction(t.testbed.key,
              t.canary("kms-tampered")));
          blob[blob.length - 5] ^= 0x10;
          return Case.of("aws-kms://?ciphertext=" + Base64.getEncoder().encodeToString(blob));
        }),
        scenario("KMS truncated ciphertext", Step.DECRYPT, t -> {
          byte[] blob = Base64.getDecoder().decode(t.testbed.encryptForFunction(t.testbed.key,
              t.canary("kms-truncated")));
          return Case.of("aws-kms://?ciphertext=" + Base64.getEncoder().encodeToString(
              Arrays.copyOf(blob, blob.length - 9)));
        }),
        scenario("KMS wrong encryption context", Step.DECRYPT, t -> Case.of(t.kmsReference(t.canary("kms-context")))
            .with(AwsSettings.builder().encryptionContext(EncryptionContext.lambdaFunctionName("another")).build())),
        deadline("KMS deadline", t -> {
          t.testbed.kms.knobs().latency(Duration.ofSeconds(2));
          return Case.of(t.kmsReference(t.canary("kms-deadline"))).with(SHORT);
        }),
        scenario("plaintext in a variable declared encrypted", Step.PARSE_REFERENCE, t -> Case.of(
            t.canary("plain-in-env")).with(SecretDeclaration.required(VAR).encryptedWith(Kms.AWS))),
        scenario("URL-safe base64 in a variable declared encrypted", Step.PARSE_REFERENCE, t -> Case.of(
            Base64.getUrlEncoder().encodeToString(t.canary("plain-b64").getBytes(UTF_8)) + "-_")
            .with(SecretDeclaration.required(VAR).encryptedWith(Kms.AWS))),
        // S3
        scenario("S3 access denied", Step.FETCH, t -> {
          t.put(t.canary("s3-denied"));
          t.testbed.s3.knobs().deny(BUCKET + "/" + KEY_NAME);
          return Case.of(t.s3Reference(""));
        }),
        scenario("S3 key not found", Step.FETCH, t -> {
          t.testbed.s3.putObject(BUCKET, "app/other.json", t.canary("s3-other").getBytes(UTF_8));
          return Case.of(t.s3Reference(""));
        }),
        scenario("S3 checksum mismatch", Step.VERIFY, t -> {
          t.put(t.canary("s3-md5"));
          t.testbed.s3.knobs().corruptNextChecksum(1000);
          return Case.of(t.s3Reference(""));
        }),
        scenario("S3 oversized object", Step.DECODE, t -> {
          t.put(t.canary("s3-big").repeat(5000));
          return Case.of(t.s3Reference(""));
        }),
        scenario("S3 non-UTF-8 object injected as text", Step.DECODE, t -> {
          t.putBytes(concat(t.canary("s3-binary").getBytes(UTF_8), new byte[] {(byte) 0xc0, (byte) 0x80}));
          return Case.of(t.s3Reference("")).with(SecretDeclaration.required(VAR).text());
        }),
        scenario("S3 bad JSON", Step.SELECT_FIELD, t -> {
          t.put("{\"password\":\"" + t.canary("s3-badjson") + "\",}");
          return Case.of(t.s3Reference("#password"));
        }),
        scenario("S3 missing field", Step.SELECT_FIELD, t -> {
          t.put("{\"username\":\"" + t.canary("s3-nofield") + "\"}");
          return Case.of(t.s3Reference("#password"));
        }),
        scenario("S3 field not a string", Step.SELECT_FIELD, t -> {
          t.put("{\"password\":[\"" + t.canary("s3-array") + "\"]}");
          return Case.of(t.s3Reference("#password"));
        }),
        scenario("S3 duplicate field", Step.SELECT_FIELD, t -> {
          String canary = t.canary("s3-dup");
          t.put("{\"password\":\"" + canary + "\",\"password\":\"" + canary + "\"}");
          return Case.of(t.s3Reference("#password"));
        }),
        scenario("S3 non-UTF-8 JSON", Step.SELECT_FIELD, t -> {
          t.putBytes(concat(("{\"password\":\"" + t.canary("s3-json-binary")).getBytes(UTF_8),
              new byte[] {(byte) 0xff, '"', '}'}));
          return Case.of(t.s3Reference("#password"));
        }),
        deadline("S3 deadline", t -> {
          t.put(t.canary("s3-deadline"));
          t.testbed.s3.knobs().latency(Duration.ofSeconds(2));
          return Case.of(t.s3Reference("")).with(SHORT);
        }),
        // AWS Secrets Manager
        scenario("Secrets Manager access denied", Step.FETCH, t -> {
          t.putSecret(t.canary("sm-denied"));
          t.testbed.secretsManager.knobs().deny(t.testbed.secretsManager.denialOf(SECRET_NAME));
          return Case.of(t.smReference(""));
        }),
        scenario("Secrets Manager secret not found", Step.FETCH, t -> {
          t.testbed.secretsManager.createSecret("app/other", t.canary("sm-other"));
          return Case.of(t.smReference(""));
        }),
        scenario("Secrets Manager staging label not found", Step.FETCH, t -> {
          t.putSecret(t.canary("sm-label"));
          return Case.of("aws-sm://" + SECRET_NAME + "?versionStage=AWSPENDING");
        }),
        scenario("Secrets Manager decryption failure", Step.DECRYPT, t -> {
          t.putSecret(t.canary("sm-decrypt"));
          t.testbed.secretsManager.makeUndecryptable(SECRET_NAME);
          return Case.of(t.smReference(""));
        }),
        scenario("Secrets Manager scheduled for deletion", Step.FETCH, t -> {
          t.putSecret(t.canary("sm-deleted"));
          t.testbed.secretsManager.scheduleDeletion(SECRET_NAME);
          return Case.of(t.smReference(""));
        }),
        scenario("Secrets Manager value over the limit", Step.DECODE, t -> {
          t.putSecret(t.canary("sm-big").repeat(100));
          return Case.of(t.smReference("")).with(AwsSettings.builder().maxObjectBytes(1024).build());
        }),
        scenario("Secrets Manager non-UTF-8 binary injected as text", Step.DECODE, t -> {
          t.testbed.secretsManager.createBinarySecret(SECRET_NAME,
              concat(t.canary("sm-binary").getBytes(UTF_8), new byte[] {(byte) 0xc0, (byte) 0x80}));
          return Case.of(t.smReference("")).with(SecretDeclaration.required(VAR).text());
        }),
        scenario("Secrets Manager bad JSON", Step.SELECT_FIELD, t -> {
          t.putSecret("{\"password\":\"" + t.canary("sm-badjson") + "\",}");
          return Case.of(t.smReference("#password"));
        }),
        scenario("Secrets Manager missing field", Step.SELECT_FIELD, t -> {
          t.putSecret("{\"username\":\"" + t.canary("sm-nofield") + "\"}");
          return Case.of(t.smReference("#password"));
        }),
        scenario("Secrets Manager field not a string", Step.SELECT_FIELD, t -> {
          t.putSecret("{\"password\":[\"" + t.canary("sm-array") + "\"]}");
          return Case.of(t.smReference("#password"));
        }),
        deadline("Secrets Manager deadline", t -> {
          t.putSecret(t.canary("sm-deadline"));
          t.testbed.secretsManager.knobs().latency(Duration.ofSeconds(2));
          return Case.of(t.smReference("")).with(SHORT);
        }),
        // SSM Parameter Store
        ssm("access denied", Step.FETCH, t -> {
          t.putParameter(t.canary("ssm-denied"));
          t.testbed.ssm.knobs().deny(SsmEmulator.arn(PARAMETER));
          return Case.of("ssm://" + PARAMETER);
        }),
        ssm("parameter not found", Step.FETCH, t -> {
          t.testbed.ssm.putSecureString(PARAMETER + "-other", t.canary("ssm-other"), "alias/aws/ssm");
          return Case.of("ssm://" + PARAMETER);
        }),
        ssm("version not found", Step.FETCH, t -> {
          t.putParameter(t.canary("ssm-version"));
          return Case.of("ssm://" + PARAMETER + "?version=9");
        }),
        ssm("KMS key denied", Step.DECRYPT, t -> {
          t.testbed.ssm.putSecureString(PARAMETER, t.canary("ssm-kms"), "alias/app");
          t.testbed.ssm.denyKey("alias/app");
          return Case.of("ssm://" + PARAMETER);
        }),
        ssm("bad JSON", Step.SELECT_FIELD, t -> {
          t.putParameter("{\"password\":\"" + t.canary("ssm-badjson") + "\",}");
          return Case.of("ssm://" + PARAMETER + "#password");
        }),
        ssm("missing field", Step.SELECT_FIELD, t -> {
          t.putParameter("{\"username\":\"" + t.canary("ssm-nofield") + "\"}");
          return Case.of("ssm://" + PARAMETER + "#password");
        }),
        Named.<Scenario<?>>of("AWS SSM: deadline", new Scenario<AwsLeakScenarios>(EnumSet.of(Step.FETCH),
            AwsLeakScenarios::new, t -> {
          t.putParameter(t.canary("ssm-deadline"));
          t.testbed.ssm.knobs().latency(Duration.ofSeconds(2));
          return Case.of("ssm://" + PARAMETER).with(SHORT);
        })));
  }

  static Stream<Named<HappyPath<?>>> happyPaths() {
    return Stream.of(happyPath("Secrets Manager field and binary secret", t -> {
      String field = t.canary("sm-ok");
      String binary = t.canary("sm-binary-ok");
      t.putSecret("{\"username\":\"orders\",\"password\":\"" + field + "\"}");
      t.testbed.secretsManager.createBinarySecret("app/binary", binary.getBytes(UTF_8));
      return new Resolution(
          Map.of("FIELD", t.smReference("#password"), "BINARY", "aws-sm://app/binary"),
          List.of(SecretDeclaration.required("FIELD").text(), SecretDeclaration.required("BINARY").text()),
          Map.of("FIELD", field, "BINARY", binary));
    }), happyPath("both sources", t -> {
      String kms = t.canary("kms-ok");
      String field = t.canary("s3-ok");
      t.put("{\"password\":\"" + field + "\"}");
      return new Resolution(
          Map.of("KMS", t.testbed.encryptForFunction(t.testbed.key, kms), "FIELD", t.s3Reference("#password")),
          List.of(SecretDeclaration.required("KMS").encryptedWith(Kms.AWS), SecretDeclaration.required("FIELD").text()),
          Map.of("KMS", kms, "FIELD", field));
    }), Named.<HappyPath<?>>of("AWS SSM: a batch with a field",
        new HappyPath<AwsLeakScenarios>(AwsLeakScenarios::new, t -> {
      String whole = t.canary("ssm-ok");
      String field = t.canary("ssm-field-ok");
      t.putParameter(whole);
      t.testbed.ssm.putSecureString("/app/db", "{\"password\":\"" + field + "\"}", "alias/aws/ssm");
      return new Resolution(Map.of("WHOLE", "ssm://" + PARAMETER, "FIELD", "ssm:///app/db#password"),
          List.of(SecretDeclaration.required("WHOLE"), SecretDeclaration.required("FIELD").text()),
          Map.of("WHOLE", whole, "FIELD", field));
    })));
  }

  private static Named<Scenario<?>> ssm(String name, Step step, Function<AwsLeakScenarios, Case> setup) {
    return Named.of("AWS SSM: " + name, new Scenario<>(EnumSet.of(step), AwsLeakScenarios::new, setup));
  }

  private void putParameter(String value) {
    testbed.ssm.putSecureString(PARAMETER, value, "alias/aws/ssm");
  }

  private static Named<Scenario<?>> scenario(String name, Step step, Function<AwsLeakScenarios, Case> setup) {
    return Named.of("AWS: " + name, new Scenario<>(EnumSet.of(step), AwsLeakScenarios::new, setup));
  }

  /** A deadline shows as the resolver's FETCH deadline or as the client's own timeout, whichever fires first. */
  private static Named<Scenario<?>> deadline(String name, Function<AwsLeakScenarios, Case> setup) {
    return Named.of("AWS: " + name,
        new Scenario<>(EnumSet.of(Step.FETCH, Step.DECRYPT), AwsLeakScenarios::new, setup));
  }

  private static Named<HappyPath<?>> happyPath(String name, Function<AwsLeakScenarios, Resolution> setup) {
    return Named.of("AWS: " + name, new HappyPath<>(AwsLeakScenarios::new, setup));
  }

  /** The console's form: a bare blob encrypted with {@code {"LambdaFunctionName": FUNCTION_NAME}}. */
  private String kmsReference(String plaintext) {
    return "aws-kms://?ciphertext=" + testbed.encrypt(testbed.key, plaintext,
        Map.of(EncryptionContext.LAMBDA_FUNCTION_NAME, FUNCTION_NAME));
  }

  private String s3Reference(String fragment) {
    return "s3://" + BUCKET + "/" + KEY_NAME + fragment;
  }

  private String smReference(String fragment) {
    return "aws-sm://" + SECRET_NAME + fragment;
  }

  private void putSecret(String secretString) {
    testbed.secretsManager.createSecret(SECRET_NAME, secretString);
  }

  private void put(String content) {
    putBytes(content.getBytes(UTF_8));
  }

  private void putBytes(byte[] content) {
    testbed.s3.putObject(BUCKET, KEY_NAME, content);
  }
}
