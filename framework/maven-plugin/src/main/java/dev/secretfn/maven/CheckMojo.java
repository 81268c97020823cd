package dev.secretfn.maven;

import dev.secretfn.check.CheckException;
import dev.secretfn.check.CheckReport;
import dev.secretfn.check.CheckRequest;
import dev.secretfn.check.DeploymentCheck;
import dev.secretfn.check.Severity;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code secretfn:check}: checks a deployment's variables against the secrets this project's function declares,
 * and fails the build on an error. Reads the descriptors that secretfn-compiler wrote to the project's classes
 * and one deployment: an env file, a gcloud env-vars YAML, or one function of a SAM template. Prints one line per
 * finding with its fix, never a value. Bound to {@code verify} when listed in an execution; also runs alone
 * after {@code compile}:
 *
 * <pre>{@code
 * ./mvnw -q compile secretfn:check -Dsecretfn.envVarsFile=deploy/env.yaml
 * ./mvnw -q compile secretfn:check -Dsecretfn.samTemplate=template.yaml -Dsecretfn.samFunction=OrdersFunction
 * }</pre>
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, requiresDependencyResolution = ResolutionScope.RUNTIME,
    threadSafe = true)
public final class CheckMojo extends AbstractMojo {
  /** The project's classes, where the descriptors are. */
  @Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true, required = true)
  File classesDirectory;

  /** The function's runtime classpath, which holds the store modules it binds. */
  @Parameter(defaultValue = "${project.runtimeClasspathElements}", readonly = true, required = true)
  List<String> classpathElements;

  /** A file of {@code NAME=VALUE} lines (the form {@code deploy-function.sh --env-file} reads). */
  @Parameter(property = "secretfn.envFile")
  File envFile;

  /** A {@code gcloud functions deploy --env-vars-file} YAML. */
  @Parameter(property = "secretfn.envVarsFile")
  File envVarsFile;

  /** A SAM or CloudFormation template: the function's {@code Environment.Variables} over the Globals'. */
  @Parameter(property = "secretfn.samTemplate")
  File samTemplate;

  /** The template's function (logical id), when it defines several. */
  @Parameter(property = "secretfn.samFunction")
  String samFunction;

  /**
   * The stack's name ({@code AWS::StackName}): resolves names built from it, and the function's {@code
   * FunctionName}, which the probe decrypts console-encrypted variables with.
   */
  @Parameter(property = "secretfn.stackName")
  String stackName;

  /** Template parameters' values, over their {@code Default}s. */
  @Parameter
  Map<String, String> parameters;

  /**
   * Template parameters' values from a file of {@code NAME=VALUE} lines (blank lines and {@code #} comments
   * skipped; the value is everything after the first {@code =}), the form a deploy script passes to {@code sam
   * deploy --parameter-overrides}. A parameter may not be given both here and in {@code parameters}.
   */
  @Parameter(property = "secretfn.parameterFile")
  File parameterFile;

  /** The function's entry point class, which picks its component when the project has several. */
  @Parameter(property = "secretfn.entryPoint")
  String entryPoint;

  /** The function's Dagger component (fully qualified), when the project has several. */
  @Parameter(property = "secretfn.component")
  String component;

  /**
   * Also probe access with the credentials of whoever runs the build: each secret is read as at a cold start
   * and wiped; nothing is kept or printed. Off by default: a build has no cloud credentials.
   */
  @Parameter(property = "secretfn.probe", defaultValue = "false")
  boolean probe;

  /** The probe's deadline, in seconds. */
  @Parameter(property = "secretfn.probeDeadlineSeconds", defaultValue = "10")
  int probeDeadlineSeconds;

  /** Fail on warnings (unpinned references) too. */
  @Parameter(property = "secretfn.failOnWarnings", defaultValue = "false")
  boolean failOnWarnings;

  @Parameter(property = "secretfn.check.skip", defaultValue = "false")
  boolean skip;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    Log log = getLog();
    if (skip) {
      log.info("secretfn:check skipped (secretfn.check.skip)");
      return;
    }
    CheckReport report;
    try {
      report = DeploymentCheck.run(request());
    } catch (CheckException | IllegalArgumentException | IllegalStateException e) {
      throw new MojoExecutionException("secretfn:check could not run: " + e.getMessage(), e);
    }
    print(report, log);
    if (report.hasErrors() || (failOnWarnings && report.warnings() > 0)) {
      throw new MojoFailureException("secretfn:check: " + report.errors() + " errors, " + report.warnings()
          + " warnings in the deployment's secrets (" + deployment() + "); see the lines above");
    }
  }

  private CheckRequest request() throws MojoExecutionException {
    Path classes = classesDirectory.toPath();
    List<Path> classpath = new ArrayList<>();
    for (String element : classpathElements) {
      Path path = Path.of(element);
      if (!path.equals(classes)) {
        classpath.add(path);
      }
    }
    CheckRequest.Builder builder = CheckRequest.builder().function(classes).classpath(classpath);
    int deployments = (envFile != null ? 1 : 0) + (envVarsFile != null ? 1 : 0) + (samTemplate != null ? 1 : 0);
    if (deployments != 1) {
      throw new MojoExecutionException("secretfn:check needs exactly one deployment: set envFile, envVarsFile or"
          + " samTemplate (-Dsecretfn.envFile=..., -Dsecretfn.envVarsFile=..., -Dsecretfn.samTemplate=...)");
    }
    if (parameterFile != null && samTemplate == null) {
      throw new MojoExecutionException("parameterFile gives a SAM template's parameters: set samTemplate too");
    }
    if (envFile != null) {
      builder.envFile(envFile.toPath());
    } else if (envVarsFile != null) {
      builder.envVarsFile(envVarsFile.toPath());
    } else {
      builder.samTemplate(samTemplate.toPath());
      if (samFunction != null) {
        builder.samFunction(samFunction);
      }
      if (stackName != null) {
        builder.stackName(stackName);
      }
      Map<String, String> values = new TreeMap<>();
      if (parameterFile != null) {
        values.putAll(ParameterFile.read(parameterFile.toPath()));
      }
      if (parameters != null) {
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
          if (values.putIfAbsent(parameter.getKey(), parameter.getValue() == null ? "" : parameter.getValue())
              != null) {
            throw new MojoExecutionException("template parameter " + parameter.getKey() + " is given both in"
                + " parameters and in " + parameterFile);
          }
        }
      }
      values.forEach(builder::parameter);
    }
    if (entryPoint != null) {
      builder.entryPoint(entryPoint);
    }
    if (component != null) {
      builder.component(component);
    }
    if (probe) {
      builder.probe(Duration.ofSeconds(probeDeadlineSeconds));
    }
    return builder.build();
  }

  private String deployment() {
    File file = envFile != null ? envFile : envVarsFile != null ? envVarsFile : samTemplate;
    return samFunction == null ? String.valueOf(file) : file + ", " + samFunction;
  }

  /** Errors as errors, warnings as warnings, the rest as info: the CLI's lines, in the build's log. */
  private static void print(CheckReport report, Log log) {
    for (String line : report.lines()) {
      if (line.startsWith(Severity.ERROR + " ")) {
        log.error(line);
      } else if (line.startsWith(Severity.WARNING + " ")) {
        log.warn(line);
      } else {
        log.info(line);
      }
    }
  }
}
