package dev.secretfn.samples.lambda;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeClientProcess;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.Invocation;
import dev.secretfn.testing.aws.S3Emulator;
import dev.secretfn.testing.aws.SecretsManagerEmulator;
import dev.secretfn.testing.aws.SsmEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The official-client transport end to end: a function whose component adds {@code AwsKmsClientTransportModule}
 * and {@code S3ClientTransportModule} runs on the real runtime interface client, extracted into a task root as
 * Lambda does, against the Runtime API, AWS KMS and S3 emulators, and its secrets arrive through the AWS SDK's
 * KmsClient and S3Client. The function is framework/benchmarks-official's ten-secret scenario (8 {@code aws-kms://}
 * references with the console's encryption context, two fields of one {@code s3://} JSON object), from its shaded
 * jar: a deployment's jar with the SDK clients, which a handler in this module's test sources could not be without
 * a build of its own. It answers with the number of secret bytes it was given; every value has its own length, so
 * the total says that each arrived whole. The managed stores run the same way: the benchmark's ten SSM parameters
 * through the SDK's SsmClient, and the billing sample's secrets (a Secrets Manager JSON secret's two fields, two SSM
 * parameters) through its SecretsManagerClient and SsmClient, from framework/benchmarks-official's lambda-managed
 * jar (the managed stores' functions and clients only). The samples' own tests cover the lean default.
 */
class LambdaOfficialTransportsIT {
  private static final String HANDLER = "dev.secretfn.bench.official.lambda.TenSecretsFunction";
  private static final String SSM_HANDLER = "dev.secretfn.bench.official.lambda.SsmTenSecretsFunction";
  private static final String MANAGED_HANDLER = "dev.secretfn.bench.official.lambda.ManagedSecretsFunction";
  private static final String BUCKET = "secretfn-it-secrets";
  private static final String OBJECT = "app/db.json";
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void tenSecretsFunction_officialClients_answersWithEverySecretFetchedByTheSdk() throws Exception {
    try (AwsKmsEmulator kms = AwsKmsEmulator.start(); S3Emulator s3 = S3Emulator.start();
        LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start()) {
      String key = kms.createKey();
      s3.createBucket(BUCKET);
      List<String> plaintexts = new ArrayList<>();
      Map<String, String> env = new LinkedHashMap<>(LambdaRuntimeClientProcess.lambdaEnvironment(lambda, HANDLER));
      env.put("SECRETFN_AWS_KMS_EMULATOR_HOST", kms.endpoint().substring("http://".length()));
      env.put("SECRETFN_AWS_S3_EMULATOR_HOST", s3.endpoint().substring("http://".length()));
      for (int i = 1; i <= 8; i++) {
        String plaintext = canary("s" + i).repeat(i);
        plaintexts.add(plaintext);
        env.put("S" + i, "aws-kms://" + key + "?ciphertext=" + Base64.getEncoder().encodeToString(kms.encrypt(
            key, plaintext.getBytes(UTF_8), Map.of("LambdaFunctionName", LambdaRuntimeEmulator.FUNCTION_NAME))));
      }
      String user = canary("db-user");
      String password = canary("db-pass").repeat(3);
      plaintexts.addAll(List.of(user, password));
      s3.putObject(BUCKET, OBJECT, ("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")
          .getBytes(UTF_8));
      env.put("DB_USER", "s3://" + BUCKET + "/" + OBJECT + "#username");
      env.put("DB_PASS", "s3://" + BUCKET + "/" + OBJECT + "#password");

      try (LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment("official-transports",
          HANDLER, env, FunctionJars.of(Path.of("target"), "official-transports"))) {
        Invocation answer = lambda.invoke("{}", WAIT);

        assertThat(answer.status()).as(function.output()).isEqualTo(Invocation.Status.SUCCESS);
        assertThat(answer.body()).isEqualTo("\"ok " + plaintexts.stream().mapToInt(p -> p.getBytes(UTF_8).length)
            .sum() + "\"");
        assertThat(function.output()).contains("secretfn resolved 10 secrets with 9 fetches");
        // The SDK names itself in User-Agent; the lean transport sends the JDK's.
        assertThat(kms.requests()).hasSize(8)
            .allSatisfy(r -> assertThat(r.header("User-Agent")).get().asString().startsWith("aws-sdk-java/"));
        assertThat(s3.requests()).singleElement().satisfies(r -> {
          assertThat(r.path()).isEqualTo("/" + BUCKET + "/" + OBJECT);
          assertThat(r.header("User-Agent")).get().asString().startsWith("aws-sdk-java/");
        });
        for (String plaintext : plaintexts) {
          assertThat(function.environ()).doesNotContain(plaintext);
          assertThat(function.output()).doesNotContain(plaintext);
        }
      }
    }
  }

  @Test
  void ssmTenSecretsFunction_officialClient_answersWithEveryParameterFromOneSdkGetParametersCall() throws Exception {
    try (SsmEmulator ssm = SsmEmulator.start(); LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start()) {
      List<String> plaintexts = new ArrayList<>();
      List<String> names = new ArrayList<>();
      Map<String, String> env = new LinkedHashMap<>(
          LambdaRuntimeClientProcess.lambdaEnvironment(lambda, SSM_HANDLER));
      env.put("SECRETFN_AWS_SSM_EMULATOR_HOST", ssm.endpoint().substring("http://".length()));
      List<String> variables = List.of("S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "DB_USER", "DB_PASS");
      for (int i = 0; i < variables.size(); i++) {
        String variable = variables.get(i);
        String name = "/secretfn-it/" + variable.toLowerCase(Locale.ROOT).replace('_', '-');
        String plaintext = canary(variable).repeat(i + 1);
        plaintexts.add(plaintext);
        names.add(name);
        env.put(variable, "ssm://" + name + "?version=" + ssm.putSecureString(name, plaintext, "alias/aws/ssm"));
      }

      try (LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment("official-ssm",
          SSM_HANDLER, env, FunctionJars.of(Path.of("target"), "official-transports-managed"))) {
        Invocation answer = lambda.invoke("{}", WAIT);

        assertThat(answer.status()).as(function.output()).isEqualTo(Invocation.Status.SUCCESS);
        assertThat(answer.body()).isEqualTo("\"ok " + bytes(plaintexts) + "\"");
        // The resolver counts a fetch per parameter; the SSM source puts the ten in one call. That call came from
        // the SDK: it names itself in User-Agent and sends its invocation id; the lean transport sends the JDK's
        // User-Agent and no such header.
        assertThat(function.output()).contains("secretfn resolved 10 secrets with 10 fetches");
        assertThat(ssm.requests()).singleElement().satisfies(r -> {
          assertThat(r.header("X-Amz-Target")).contains(SsmEmulator.GET_PARAMETERS);
          assertSentBySdk(r);
          names.forEach(name -> assertThat(r.bodyUtf8()).contains("\"" + name + ":"));
        });
        for (String plaintext : plaintexts) {
          assertThat(function.environ()).doesNotContain(plaintext);
          assertThat(function.output()).doesNotContain(plaintext);
        }
      }
    }
  }

  @Test
  void managedSecretsFunction_officialClients_answersWithTheJsonSecretsFieldsAndTheParametersFromTheSdk()
      throws Exception {
    try (SecretsManagerEmulator secretsManager = SecretsManagerEmulator.start(); SsmEmulator ssm = SsmEmulator.start();
        LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start()) {
      String user = canary("db-user");
      String password = canary("db-pass").repeat(2);
      String signingKey = canary("signing-key").repeat(3);
      String webhookSecret = canary("webhook-secret").repeat(4);
      String arn = secretsManager.createSecret("it/billing/db",
          "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
      ssm.putSecureString("/secretfn-it/signing-key", "retired-" + signingKey, "alias/aws/ssm");
      long signingVersion = ssm.putSecureString("/secretfn-it/signing-key", signingKey, "alias/aws/ssm");
      ssm.putSecureString("secretfn-it-webhook-secret", webhookSecret, "alias/aws/ssm");
      Map<String, String> env = new LinkedHashMap<>(
          LambdaRuntimeClientProcess.lambdaEnvironment(lambda, MANAGED_HANDLER));
      env.put("SECRETFN_AWS_SECRETSMANAGER_EMULATOR_HOST", secretsManager.endpoint().substring("http://".length()));
      env.put("SECRETFN_AWS_SSM_EMULATOR_HOST", ssm.endpoint().substring("http://".length()));
      env.put("DB_USER", "aws-sm://" + arn + "#username");
      env.put("DB_PASS", "aws-sm://" + arn + "#password");
      env.put("SIGNING_KEY", "ssm:///secretfn-it/signing-key?version=" + signingVersion);
      env.put("WEBHOOK_SECRET", "ssm://secretfn-it-webhook-secret");
      List<String> plaintexts = List.of(user, password, signingKey, webhookSecret);

      try (LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment("official-managed",
          MANAGED_HANDLER, env, FunctionJars.of(Path.of("target"), "official-transports-managed"))) {
        Invocation answer = lambda.invoke("{}", WAIT);

        assertThat(answer.status()).as(function.output()).isEqualTo(Invocation.Status.SUCCESS);
        assertThat(answer.body()).isEqualTo("\"ok " + bytes(plaintexts) + "\"");
        // One fetch for the JSON secret's two fields, one per parameter; the two parameters in one call.
        assertThat(function.output()).contains("secretfn resolved 4 secrets with 3 fetches");
        assertThat(secretsManager.requests()).singleElement().satisfies(r -> {
          assertThat(r.header("X-Amz-Target")).contains("secretsmanager.GetSecretValue");
          assertSentBySdk(r);
        });
        assertThat(ssm.requests()).singleElement().satisfies(r -> {
          assertThat(r.header("X-Amz-Target")).contains(SsmEmulator.GET_PARAMETERS);
          assertSentBySdk(r);
          assertThat(r.bodyUtf8()).contains("\"/secretfn-it/signing-key:" + signingVersion + "\"")
              .contains("\"secretfn-it-webhook-secret\"");
        });
        for (String plaintext : plaintexts) {
          assertThat(function.environ()).doesNotContain(plaintext);
          assertThat(function.output()).doesNotContain(plaintext);
        }
      }
    }
  }

  /** The AWS SDK's marks on a request: its User-Agent and its per-call invocation id. */
  private static void assertSentBySdk(RecordedRequest request) {
    assertThat(request.header("User-Agent")).get().asString().startsWith("aws-sdk-java/");
    assertThat(request.header("amz-sdk-invocation-id")).isPresent();
  }

  private static int bytes(List<String> plaintexts) {
    return plaintexts.stream().mapToInt(p -> p.getBytes(UTF_8).length).sum();
  }

  private static String canary(String what) {
    return "canary-" + what + "-" + UUID.randomUUID();
  }
}
