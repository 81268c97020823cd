package dev.secretfn.samples.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What each function's deployable jar (SAM's CodeUri) carries: the runtime adapter and the stores its component
 * binds, with their clients, and nothing of a store it does not bind. The jars come from the function modules'
 * dependencies alone (no shade excludes), so a failure here means a module depends on something its function
 * does not use.
 */
class LambdaFunctionJarsIT {
  private static final Path BUILD = Path.of("target");
  private static final String KMS_STORE = "dev/secretfn/aws/kms/";
  private static final String KMS_CLIENT = "software/amazon/awssdk/services/kms/";
  private static final String S3_STORE = "dev/secretfn/aws/s3/";
  private static final String S3_CLIENT = "software/amazon/awssdk/services/s3/";
  private static final String SECRETS_MANAGER_STORE = "dev/secretfn/aws/secretsmanager/";
  private static final String SSM_STORE = "dev/secretfn/aws/ssm/";
  /** Every AWS service client of the SDK (KMS, S3, Secrets Manager, SSM...): the lean stores need none. */
  private static final String SDK_SERVICE_CLIENTS = "software/amazon/awssdk/services/";
  /** The lean transports speak HttpURLConnection: no SDK HTTP client. */
  private static final String SDK_HTTP_CLIENTS = "software/amazon/awssdk/http/urlconnection/";
  /** The store of issue 13's deploy scripts for Google Cloud: never in a Lambda function either. */
  private static final String FILE_STORE = "dev/secretfn/file/";
  /** What SAM uploads must stay small (cold start, and Lambda's 50 MB zip limit far above). */
  private static final long MAX_JAR_BYTES = 8L * 1024 * 1024;
  private static final String VAULT_STORE = "dev/secretfn/vault/";
  private static final String VAULT_AWS_LOGIN = "dev/secretfn/vault/aws/";
  private static final String EVENTS = "com/amazonaws/services/lambda/runtime/events/";
  /** Never in a Lambda function: Google Cloud, test code. */
  private static final List<String> NEVER =
      List.of("com/google/cloud/", "dev/secretfn/gcp/", "dev/secretfn/testing/", "dev/secretfn/samples/support/");

  @Test
  void weatherJar_bindsAwsKms_carriesTheLeanKmsStoreAndNoKmsClientS3OrVault() throws IOException {
    List<String> entries = entries(ApiGatewayFunction.class);

    assertThat(entries).contains("dev/secretfn/samples/lambda/ApiGatewayFunction.class");
    assertCarries(entries, KMS_STORE, EVENTS);
    assertCarriesNone(entries, KMS_CLIENT, S3_STORE, S3_CLIENT, VAULT_STORE, SECRETS_MANAGER_STORE, SSM_STORE);
    assertThat(entries).doesNotContain("dev/secretfn/samples/lambda/OrdersStreamFunction.class",
        "dev/secretfn/samples/lambda/VaultApiGatewayFunction.class",
        "dev/secretfn/samples/lambda/BillingWebhookFunction.class");
  }

  @Test
  void ordersJar_bindsS3_carriesTheS3StoreAndNoS3ClientKmsVaultOrEvents() throws IOException {
    List<String> entries = entries(OrdersStreamFunction.class);

    assertThat(entries).contains("dev/secretfn/samples/lambda/OrdersStreamFunction.class");
    assertCarries(entries, S3_STORE);
    // The S3 store's lean transport needs no S3 client; a stream handler: no event classes, and no Joda-Time.
    assertCarriesNone(entries, S3_CLIENT, KMS_STORE, KMS_CLIENT, VAULT_STORE, EVENTS, "org/joda/",
        SECRETS_MANAGER_STORE, SSM_STORE);
    assertThat(entries).doesNotContain("dev/secretfn/samples/lambda/ApiGatewayFunction.class",
        "dev/secretfn/samples/lambda/VaultApiGatewayFunction.class");
  }

  @Test
  void vaultWeatherJar_bindsVaultWithAwsLogin_carriesNoKmsOrS3() throws IOException {
    List<String> entries = entries(VaultApiGatewayFunction.class);

    assertThat(entries).contains("dev/secretfn/samples/lambda/VaultApiGatewayFunction.class",
        "dev/secretfn/vault/aws/VaultAwsLoginModule.class");
    assertCarries(entries, VAULT_STORE, VAULT_AWS_LOGIN, EVENTS);
    assertCarriesNone(entries, KMS_STORE, KMS_CLIENT, S3_STORE, S3_CLIENT, SECRETS_MANAGER_STORE, SSM_STORE);
    assertThat(entries).doesNotContain("dev/secretfn/samples/lambda/ApiGatewayFunction.class",
        "dev/secretfn/samples/lambda/OrdersStreamFunction.class");
  }

  @Test
  void billingJar_bindsSecretsManagerAndSsm_carriesBothLeanStoresAndNoServiceClientKmsS3OrVault() throws IOException {
    List<String> entries = entries(BillingWebhookFunction.class);

    assertThat(entries).contains("dev/secretfn/samples/lambda/BillingWebhookFunction.class",
        "dev/secretfn/aws/secretsmanager/SecretsManagerModule.class", "dev/secretfn/aws/ssm/SsmModule.class");
    assertCarries(entries, SECRETS_MANAGER_STORE, SSM_STORE, EVENTS);
    assertCarriesNone(entries, SDK_SERVICE_CLIENTS, SDK_HTTP_CLIENTS, KMS_STORE, S3_STORE, VAULT_STORE, FILE_STORE);
    assertThat(entries).doesNotContain("dev/secretfn/samples/lambda/ApiGatewayFunction.class",
        "dev/secretfn/samples/lambda/OrdersStreamFunction.class",
        "dev/secretfn/samples/lambda/VaultApiGatewayFunction.class");
    assertThat(Files.size(FunctionJars.forHandler(BUILD, BillingWebhookFunction.class.getName())))
        .as("bytes of the billing function's jar").isLessThanOrEqualTo(MAX_JAR_BYTES);
  }

  /**
   * The deploy defaults name a newer runtime (deploy/aws/template.yaml), but the class files stay at release
   * 17 (major version 61), so that a function still runs on java17 where a team keeps it.
   */
  @Test
  void everyJar_secretfnAndSampleClasses_targetJava17() throws IOException {
    for (String handler : FunctionJars.MODULES.keySet()) {
      try (ZipFile jar = new ZipFile(FunctionJars.forHandler(BUILD, handler).toFile())) {
        List<ZipEntry> classes = jar.stream()
            .filter(e -> e.getName().startsWith("dev/secretfn/") && e.getName().endsWith(".class"))
            .collect(Collectors.toList());
        assertThat(classes).as(handler).isNotEmpty();
        for (ZipEntry entry : classes) {
          try (DataInputStream in = new DataInputStream(jar.getInputStream(entry))) {
            assertThat(in.readInt()).isEqualTo(0xCAFEBABE);
            in.readUnsignedShort(); // minor version
            assertThat(in.readUnsignedShort()).as("class file version of %s", entry.getName()).isEqualTo(61);
          }
        }
      }
    }
  }

  private static List<String> entries(Class<?> function) throws IOException {
    try (ZipFile jar = new ZipFile(FunctionJars.forHandler(BUILD, function.getName()).toFile())) {
      List<String> entries = jar.stream().map(ZipEntry::getName).collect(Collectors.toList());
      assertThat(entries).contains("dev/secretfn/lambda/SecretRequestHandler.class");
      assertCarriesNone(entries, NEVER.toArray(String[]::new));
      return entries;
    }
  }

  private static void assertCarries(List<String> entries, String... prefixes) {
    for (String prefix : prefixes) {
      assertThat(entries).as("classes under %s", prefix).anyMatch(e -> e.startsWith(prefix) && e.endsWith(".class"));
    }
  }

  private static void assertCarriesNone(List<String> entries, String... prefixes) {
    for (String prefix : prefixes) {
      assertThat(entries).as("entries under %s", prefix).noneMatch(e -> e.startsWith(prefix));
    }
  }
}
