package dev.secretfn.samples.lambda;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The deployable jar that a function's own module built (its {@code -function.jar}, what SAM's CodeUri names,
 * copied by this module's build to {@code target/functions/FUNCTION.jar}): exactly what that function carries.
 */
final class FunctionJars {
  /** Each sample function's module, by its handler class. */
  static final Map<String, String> MODULES = Map.of(
      ApiGatewayFunction.class.getName(), "weather",
      OrdersStreamFunction.class.getName(), "orders",
      VaultApiGatewayFunction.class.getName(), "vault-weather",
      BillingWebhookFunction.class.getName(), "billing");

  private FunctionJars() {}

  /** The jar of the function whose handler is {@code handler}, under {@code buildDir}. */
  static Path forHandler(Path buildDir, String handler) {
    String module = MODULES.get(handler);
    if (module == null) {
      throw new IllegalArgumentException(handler + " is not a sample function: " + MODULES.keySet());
    }
    return of(buildDir, module);
  }

  /** The jar of the function whose handler is {@code handler}, under {@code target}. */
  static Path forHandler(String handler) {
    return forHandler(Path.of("target"), handler);
  }

  /**
   * The jar of the function module {@code module} ({@code weather}, {@code orders}, {@code vault-weather},
   * {@code billing}), or
   * {@code official-transports}: framework/benchmarks-official's lambda jar, the KMS and S3 functions on the
   * official clients, or {@code official-transports-managed}: its lambda-managed jar, the SSM and Secrets Manager
   * functions on the SDK's clients.
   */
  static Path of(Path buildDir, String module) {
    Path jar = buildDir.resolve("functions").resolve(module + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no " + jar + ": the end-to-end tests run after 'package' (./mvnw verify),"
          + " which copies each function module's -function.jar there");
    }
    return jar;
  }
}
