package dev.secretfn.aws;

import dev.secretfn.Environment;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The AWS KMS encryption context that ciphertexts of variables were made with. Immutable. The default,
 * {@link #lambdaFunctionName()}, matches the Lambda console's encryption helpers.
 *
 * <pre>{@code
 * EncryptionContext.lambdaFunctionName()          // {"LambdaFunctionName": $AWS_LAMBDA_FUNCTION_NAME}
 * EncryptionContext.lambdaFunctionName("orders")  // sam local sets the name to the template's logical id
 * EncryptionContext.none()                         // plain `aws kms encrypt` without --encryption-context
 * EncryptionContext.of(Map.of("app", "orders"))
 * }</pre>
 */
public final class EncryptionContext {
  /** The key the Lambda console's helpers use. */
  public static final String LAMBDA_FUNCTION_NAME = "LambdaFunctionName";
  static final String FUNCTION_NAME_VARIABLE = "AWS_LAMBDA_FUNCTION_NAME";

  private final Optional<Map<String, String>> fixed;

  private EncryptionContext(Optional<Map<String, String>> fixed) {
    this.fixed = fixed;
  }

  /** {@code {"LambdaFunctionName": <AWS_LAMBDA_FUNCTION_NAME>}}, read when the source starts. */
  public static EncryptionContext lambdaFunctionName() {
    return new EncryptionContext(Optional.empty());
  }

  /** {@code {"LambdaFunctionName": functionName}}. */
  public static EncryptionContext lambdaFunctionName(String functionName) {
    if (functionName.isEmpty()) {
      throw new IllegalArgumentException("the function name must not be empty");
    }
    return of(Map.of(LAMBDA_FUNCTION_NAME, functionName));
  }

  /** No encryption context. */
  public static EncryptionContext none() {
    return of(Map.of());
  }

  /** Exactly {@code context}. */
  public static EncryptionContext of(Map<String, String> context) {
    return new EncryptionContext(Optional.of(Map.copyOf(Objects.requireNonNull(context, "context"))));
  }

  /**
   * The context for this environment.
   *
   * @throws IllegalStateException if it depends on AWS_LAMBDA_FUNCTION_NAME and that is not set
   */
  public Map<String, String> resolve(Environment environment) {
    if (fixed.isPresent()) {
      return fixed.get();
    }
    String name = environment.get(FUNCTION_NAME_VARIABLE).orElseThrow(() -> new IllegalStateException(
        FUNCTION_NAME_VARIABLE + " is not set, so the default encryption context {\"" + LAMBDA_FUNCTION_NAME
            + "\": <function name>} cannot be built; outside Lambda bind AwsSettings with"
            + " EncryptionContext.lambdaFunctionName(\"name\") or EncryptionContext.none()"));
    return Map.of(LAMBDA_FUNCTION_NAME, name);
  }

  @Override
  public String toString() {
    return fixed.map(c -> "EncryptionContext" + new TreeMap<>(c))
        .orElse("EncryptionContext{LambdaFunctionName=$" + FUNCTION_NAME_VARIABLE + "}");
  }
}
