package dev.secretfn.check;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The variables a deployment sets for one function, where they came from, and the function's entry point when
 * the deployment names it (a SAM function's {@code Handler}). Immutable.
 */
final class Deployment {
  private final String source;
  private final Map<String, DeployedValue> variables;
  private final Optional<String> entryPoint;
  private final Map<String, String> platformVariables;

  Deployment(String source, Map<String, DeployedValue> variables, Optional<String> entryPoint) {
    this(source, variables, entryPoint, Map.of());
  }

  /**
   * @param platformVariables what the platform itself sets where the function runs and the deployment tells
   *     (a SAM function's {@code AWS_LAMBDA_FUNCTION_NAME}, from its {@code FunctionName}), which settings read
   */
  Deployment(String source, Map<String, DeployedValue> variables, Optional<String> entryPoint,
      Map<String, String> platformVariables) {
    this.source = source;
    this.variables = Collections.unmodifiableMap(new TreeMap<>(variables));
    this.entryPoint = entryPoint;
    this.platformVariables = Collections.unmodifiableMap(new TreeMap<>(platformVariables));
  }

  /** For the report's header: {@code "env file deploy/gcp/orders.env"}. */
  String source() {
    return source;
  }

  /** By variable name, sorted. */
  Map<String, DeployedValue> variables() {
    return variables;
  }

  Optional<String> entryPoint() {
    return entryPoint;
  }

  /** Variables the platform sets at run time, known from the deployment; never a secret. */
  Map<String, String> platformVariables() {
    return platformVariables;
  }
}
