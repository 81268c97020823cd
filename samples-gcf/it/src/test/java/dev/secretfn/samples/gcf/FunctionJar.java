package dev.secretfn.samples.gcf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The deployable jar that a function's own module built (its {@code -function.jar}, copied by this module's
 * build to {@code target/functions/FUNCTION.jar}): exactly what a deployment of that function carries.
 */
final class FunctionJar {
  /** Each sample function's module, by the class GCF instantiates. */
  static final Map<Class<?>, String> MODULES = Map.of(
      OrdersFunction.class, "orders",
      WeatherFunction.class, "weather",
      VaultWeatherFunction.class, "vault-weather",
      ShipmentEventsFunction.class, "shipment-events");

  private FunctionJar() {}

  /** The jar of {@code function}'s module under {@code buildDir}. */
  static String of(Path buildDir, Class<?> function) {
    String module = MODULES.get(function);
    if (module == null) {
      throw new IllegalArgumentException(function.getName() + " is not a sample function: " + MODULES.keySet());
    }
    return of(buildDir, module);
  }

  /**
   * The jar of the function module {@code module} ({@code orders}, {@code weather}, {@code vault-weather},
   * {@code shipment-events}), or
   * {@code official-transports}: framework/benchmarks-official's gcf jar, the KMS and Storage functions on the
   * official clients, or {@code official-transports-managed}: its gcf-managed jar, the Secret Manager function on
   * google-cloud-secretmanager.
   */
  static String of(Path buildDir, String module) {
    Path jar = buildDir.resolve("functions").resolve(module + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no " + jar + ": the end-to-end tests run after 'package' (./mvnw verify),"
          + " which copies each function module's -function.jar there");
    }
    return jar.toString();
  }
}
