package dev.secretfn.check;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to check: a function (its jar or classes directory, and its runtime classpath) against one deployment
 * (an env file, a gcloud env-vars YAML, or one function of a SAM template). Immutable; built with {@link
 * #builder()}, whose setters validate as they go and whose {@link Builder#build()} names what is missing.
 *
 * <pre>{@code
 * CheckRequest request = CheckRequest.builder()
 *     .function(Path.of("target/classes"))
 *     .classpath(runtimeClasspath)                        // jars and directories
 *     .samTemplate(Path.of("template.yaml"))
 *     .samFunction("OrdersFunction")
 *     .parameter("Stage", "prod")
 *     .build();
 * }</pre>
 */
public final class CheckRequest {
  /** The kinds of deployment a check reads. */
  enum Kind {
    ENV_FILE,
    ENV_VARS_FILE,
    SAM_TEMPLATE
  }

  private final Path function;
  private final List<Path> classpath;
  private final Kind kind;
  private final Path deployment;
  private final Optional<String> samFunction;
  private final Optional<String> stackName;
  private final Map<String, String> parameters;
  private final Optional<String> entryPoint;
  private final Optional<String> component;
  private final Optional<Duration> probeDeadline;

  private CheckRequest(Builder builder) {
    this.function = builder.function;
    this.classpath = List.copyOf(builder.classpath);
    this.kind = builder.kind;
    this.deployment = builder.deployment;
    this.samFunction = builder.samFunction;
    this.stackName = builder.stackName;
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(builder.parameters));
    this.entryPoint = builder.entryPoint;
    this.component = builder.component;
    this.probeDeadline = builder.probeDeadline;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The function's jar or classes directory. */
  public Path function() {
    return function;
  }

  /** The function's runtime classpath, after {@link #function()}; empty for a shaded jar. */
  public List<Path> classpath() {
    return classpath;
  }

  Kind kind() {
    return kind;
  }

  /** The deployment's file. */
  public Path deployment() {
    return deployment;
  }

  Optional<String> samFunction() {
    return samFunction;
  }

  Optional<String> stackName() {
    return stackName;
  }

  Map<String, String> parameters() {
    return parameters;
  }

  Optional<String> entryPoint() {
    return entryPoint;
  }

  Optional<String> component() {
    return component;
  }

  /** Present when the check should also probe access with real credentials, under this deadline. */
  Optional<Duration> probeDeadline() {
    return probeDeadline;
  }

  /** Builds a {@link CheckRequest}. Not thread-safe. */
  public static final class Builder {
    private Path function;
    private final List<Path> classpath = new ArrayList<>();
    private Kind kind;
    private Path deployment;
    private Optional<String> samFunction = Optional.empty();
    private Optional<String> stackName = Optional.empty();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private Optional<String> entryPoint = Optional.empty();
    private Optional<String> component = Optional.empty();
    private Optional<Duration> probeDeadline = Optional.empty();

    private Builder() {}

    /** The function's jar (a shaded jar holds everything) or its classes directory. Required. */
    public Builder function(Path jarOrClasses) {
      this.function = Objects.requireNonNull(jarOrClasses, "jarOrClasses");
      return this;
    }

    /** The function's runtime classpath: the jars and directories of its dependencies, in order. */
    public Builder classpath(List<Path> paths) {
      Objects.requireNonNull(paths, "paths").forEach(p -> classpath.add(Objects.requireNonNull(p, "path")));
      return this;
    }

    /** Checks the {@code NAME=VALUE} lines of an env file ({@code deploy-function.sh --env-file}). */
    public Builder envFile(Path file) {
      return deployment(Kind.ENV_FILE, file);
    }

    /** Checks a {@code gcloud --env-vars-file} YAML. */
    public Builder envVarsFile(Path file) {
      return deployment(Kind.ENV_VARS_FILE, file);
    }

    /** Checks a function's {@code Environment.Variables} in a SAM or CloudFormation template. */
    public Builder samTemplate(Path file) {
      return deployment(Kind.SAM_TEMPLATE, file);
    }

    /** The template's function (logical id); required when it defines several. Only with a SAM template. */
    public Builder samFunction(String logicalId) {
      this.samFunction = Optional.of(requireText(logicalId, "logicalId"));
      return this;
    }

    /**
     * The stack's name: resolves the pseudo parameter {@code AWS::StackName} (in a {@code FunctionName} such as
     * {@code !Sub "${AWS::StackName}-orders"}, and in variables). Only with a SAM template.
     */
    public Builder stackName(String name) {
      this.stackName = Optional.of(requireText(name, "name"));
      return this;
    }

    /** A template parameter's value, over its {@code Default}. Only with a SAM template. */
    public Builder parameter(String name, String value) {
      requireText(name, "name");
      Objects.requireNonNull(value, "value");
      if (parameters.putIfAbsent(name, value) != null) {
        throw new IllegalArgumentException("parameter " + name + " is given twice");
      }
      return this;
    }

    /** The function's entry point class, which picks its component among several. */
    public Builder entryPoint(String className) {
      this.entryPoint = Optional.of(requireText(className, "className"));
      return this;
    }

    /** The function's Dagger component (fully qualified), when the jar holds several. */
    public Builder component(String className) {
      this.component = Optional.of(requireText(className, "className"));
      return this;
    }

    /**
     * Also probes access with the deployment's references and the caller's credentials, under {@code deadline}:
     * reads that are wiped and never printed.
     */
    public Builder probe(Duration deadline) {
      Objects.requireNonNull(deadline, "deadline");
      if (deadline.compareTo(Duration.ofMillis(1)) < 0 || deadline.compareTo(Duration.ofMinutes(15)) > 0) {
        throw new IllegalArgumentException("the probe deadline must be between 1 ms and 15 minutes");
      }
      this.probeDeadline = Optional.of(deadline);
      return this;
    }

    /**
     * @throws IllegalStateException naming what is missing: the function, or the deployment; or a SAM option
     *     given for another kind of deployment
     */
    public CheckRequest build() {
      if (function == null) {
        throw new IllegalStateException("no function: set its jar or classes directory with function(path)");
      }
      if (deployment == null) {
        throw new IllegalStateException(
            "no deployment: set envFile(path), envVarsFile(path) or samTemplate(path)");
      }
      if (kind != Kind.SAM_TEMPLATE && (samFunction.isPresent() || !parameters.isEmpty() || stackName.isPresent())) {
        throw new IllegalStateException("samFunction, parameter and stackName apply to a SAM template only");
      }
      return new CheckRequest(this);
    }

    private Builder deployment(Kind kind, Path file) {
      Objects.requireNonNull(file, "file");
      if (this.kind != null) {
        throw new IllegalStateException("a check reads one deployment, and " + this.deployment + " is set");
      }
      this.kind = kind;
      this.deployment = file;
      return this;
    }

    private static String requireText(String s, String what) {
      Objects.requireNonNull(s, what);
      if (s.isBlank()) {
        throw new IllegalArgumentException(what + " is blank");
      }
      return s;
    }
  }
}
