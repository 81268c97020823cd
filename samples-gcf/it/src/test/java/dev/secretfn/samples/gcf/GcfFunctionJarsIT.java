package dev.secretfn.samples.gcf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What each function's deployable jar carries: the runtime adapter and the stores its component binds, on the
 * lean transport (google-auth-library for credentials, no service client, no gRPC or protobuf), and nothing of a
 * store it does not bind. The official clients come only with a store's {@code -client} module. The jars come from the function modules' dependencies
 * alone (no shade excludes), so a failure here means a module depends on something its function does not use.
 */
class GcfFunctionJarsIT {
  private static final Path BUILD = Path.of("target");
  private static final String ADAPTER = "dev/secretfn/gcf/SecretHttpFunction.class";
  private static final String KMS_STORE = "dev/secretfn/gcp/kms/";
  private static final String KMS_CLIENT = "com/google/cloud/kms/";
  private static final String STORAGE_STORE = "dev/secretfn/gcp/storage/";
  private static final String STORAGE_CLIENT = "com/google/cloud/storage/";
  private static final String VAULT_STORE = "dev/secretfn/vault/";
  private static final String SECRET_MANAGER_STORE = "dev/secretfn/gcp/secretmanager/";
  /** The Secret Manager client library, which the lean store replaces. */
  private static final String SECRET_MANAGER_CLIENT = "com/google/cloud/secretmanager/";
  private static final String GOOGLE_AUTH = "com/google/auth/oauth2/";
  /** The official clients' stacks, which the lean transport replaces. */
  private static final String[] CLIENT_STACKS = {KMS_CLIENT, STORAGE_CLIENT, "com/google/api/gax/",
      "com/google/protobuf/", "io/grpc/netty", "dev/secretfn/gcp/kms/client/",
      "dev/secretfn/gcp/storage/client/"};
  /** Never in a GCF function: AWS, the Functions Framework (the platform provides it), test code. */
  private static final List<String> NEVER = List.of("software/amazon/", "com/amazonaws/",
      "com/google/cloud/functions/", "dev/secretfn/testing/", "dev/secretfn/samples/support/");

  @Test
  void ordersJar_bindsCloudStorage_carriesTheLeanTransportAndNoClientNorVault() throws IOException {
    List<String> entries = entries(OrdersFunction.class);

    assertThat(entries).contains(ADAPTER, "dev/secretfn/samples/gcf/OrdersFunction.class",
        "dev/secretfn/gcp/storage/CloudStorageModule.class");
    // The Cloud KMS store comes with the Cloud Storage store (which also serves Berglas), unbound here.
    assertCarries(entries, STORAGE_STORE, GOOGLE_AUTH);
    assertCarriesNone(entries, CLIENT_STACKS);
    assertCarriesNone(entries, VAULT_STORE);
    assertThat(entries).doesNotContain("dev/secretfn/samples/gcf/WeatherFunction.class",
        "dev/secretfn/samples/gcf/VaultWeatherFunction.class");
  }

  @Test
  void weatherJar_bindsBerglasAndCloudKms_carriesStorageAndKmsOnTheLeanTransportAndNoVault() throws IOException {
    List<String> entries = entries(WeatherFunction.class);

    assertThat(entries).contains(ADAPTER, "dev/secretfn/samples/gcf/WeatherFunction.class",
        "dev/secretfn/gcp/storage/BerglasModule.class", "dev/secretfn/gcp/kms/CloudKmsModule.class");
    // Berglas reads the object from Cloud Storage and unwraps its data key with Cloud KMS, which also decrypts
    // the KMS-encrypted variable.
    assertCarries(entries, STORAGE_STORE, KMS_STORE, GOOGLE_AUTH);
    assertCarriesNone(entries, CLIENT_STACKS);
    assertCarriesNone(entries, VAULT_STORE);
    assertThat(entries).doesNotContain("dev/secretfn/samples/gcf/OrdersFunction.class",
        "dev/secretfn/samples/gcf/VaultWeatherFunction.class");
  }

  @Test
  void vaultWeatherJar_bindsVault_carriesNoCloudClient() throws IOException {
    List<String> entries = entries(VaultWeatherFunction.class);

    assertThat(entries).contains(ADAPTER, "dev/secretfn/samples/gcf/VaultWeatherFunction.class",
        "dev/secretfn/vault/VaultGcpLoginModule.class");
    assertCarries(entries, VAULT_STORE);
    assertCarriesNone(entries, KMS_STORE, KMS_CLIENT, STORAGE_STORE, STORAGE_CLIENT, "dev/secretfn/gcp/",
        "com/google/cloud/", "com/google/api/", "io/grpc/", "com/google/protobuf/");
    assertThat(entries).doesNotContain("dev/secretfn/samples/gcf/OrdersFunction.class",
        "dev/secretfn/samples/gcf/WeatherFunction.class");
  }

  @Test
  void shipmentEventsJar_bindsSecretManager_carriesTheLeanStoreAndNoClientWithinEightMegabytes() throws IOException {
    List<String> entries = entries(ShipmentEventsFunction.class);

    assertThat(entries).contains("dev/secretfn/gcf/SecretCloudEventsFunction.class",
        "dev/secretfn/samples/gcf/ShipmentEventsFunction.class", SECRET_MANAGER_STORE + "SecretManagerModule.class");
    // Gson reads the Pub/Sub envelope; google-auth-library brings it anyway.
    assertCarries(entries, SECRET_MANAGER_STORE, GOOGLE_AUTH, "com/google/gson/");
    assertCarriesNone(entries, CLIENT_STACKS);
    assertCarriesNone(entries, SECRET_MANAGER_CLIENT,
        KMS_STORE, STORAGE_STORE, VAULT_STORE);
    // The CloudEvents API comes with the invoker, as the Functions Framework API does.
    assertCarriesNone(entries, "io/cloudevents/");
    assertThat(entries).doesNotContain("dev/secretfn/samples/gcf/OrdersFunction.class",
        "dev/secretfn/samples/gcf/WeatherFunction.class", "dev/secretfn/samples/gcf/VaultWeatherFunction.class");
    assertThat(Files.size(Path.of(FunctionJar.of(BUILD, ShipmentEventsFunction.class))))
        .as("the deployable jar's size in bytes").isLessThanOrEqualTo(8L * 1024 * 1024);
  }

  @Test
  void otherJars_carryNeitherTheSecretManagerStoreNorTheEventFunction() throws IOException {
    for (Class<?> function : List.of(OrdersFunction.class, WeatherFunction.class, VaultWeatherFunction.class)) {
      List<String> entries = entries(function);

      assertCarriesNone(entries, SECRET_MANAGER_STORE, "dev/secretfn/samples/gcf/ShipmentEvents");
    }
  }

  private static List<String> entries(Class<?> function) throws IOException {
    try (ZipFile jar = new ZipFile(FunctionJar.of(BUILD, function))) {
      List<String> entries = jar.stream().map(ZipEntry::getName).collect(Collectors.toList());
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
