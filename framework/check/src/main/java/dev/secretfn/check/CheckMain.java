package dev.secretfn.check;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line of the check, for deploy scripts: prints the report and exits with 0 (no errors), 1 (errors)
 * or 2 (the check could not run: a usage error, a missing or malformed file, an unknown function).
 *
 * <pre>{@code
 * java -jar secretfn-check-cli.jar --jar target/orders-function.jar --env-file orders.env
 * java -jar secretfn-check-cli.jar --jar billing.jar --sam-template template.yaml \
 *     --function BillingWebhookFunction --parameter SigningKeyVersion=3
 * java -jar secretfn-check-cli.jar --sam-template template.yaml --parameter SigningKeyVersion=3
 * }</pre>
 */
public final class CheckMain {

  static final String USAGE = String.join("\n",
      "Usage: java -jar secretfn-check-cli.jar --jar FILE (--env-file FILE | --env-vars-file FILE)",
      "           [--entry-point CLASS] [--component CLASS] [--probe]",
      "       java -jar secretfn-check-cli.jar [--jar FILE] --sam-template FILE [--function ID]",
      "           [--parameter K=V]... [--stack-name NAME] [--component CLASS] [--probe]",
      "",
      "Checks a deployment's variables against the secrets the function declares, before deploying it: one line",
      "per variable with the fix, then 'N errors, M warnings'. Never prints a variable's value.",
      "",
      "  --jar FILE            the function's jar (built with secretfn-compiler, which writes its descriptors);",
      "                        with a SAM template, the jar each function's CodeUri names unless given",
      "  --env-file FILE       NAME=VALUE lines, as deploy/gcp/deploy-function.sh --env-file reads them",
      "  --env-vars-file FILE  a gcloud --env-vars-file YAML",
      "  --sam-template FILE   a SAM or CloudFormation template: the function's Environment.Variables over",
      "                        Globals; intrinsics resolved where parameters are known, the rest said",
      "  --function ID         the template's function (logical id); without it, every function is checked",
      "                        (needs its CodeUri jar) and the exit status is the worst",
      "  --parameter K=V       a template parameter's value (repeatable), over its Default",
      "  --stack-name NAME     the stack's name (AWS::StackName): resolves names built from it, and the",
      "                        function's name (FunctionName), which the probe decrypts console ciphertexts with",
      "  --entry-point CLASS   the function's entry point, to choose among several components",
      "  --component CLASS     the function's Dagger component, if the jar has several",
      "  --probe               also check access with the current credentials (nothing is kept or printed)",
      "  -h, --help            show this help",
      "",
      "Exit status: 0 no errors, 1 errors, 2 the check could not run.");

  private CheckMain() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, out, err));
  }

  /** Runs the command line; returns the exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    List<CheckRequest> requests;
    try {
      Options options = new Options();
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        if (option.equals("-h") || option.equals("--help")) {
          out.println(USAGE);
          return 0;
        }
        if (option.equals("--probe")) {
          options.probe = true;
          continue;
        }
        if (i + 1 >= args.length) {
          return usage(err, option.startsWith("--") ? option + " needs a value" : "unexpected argument");
        }
        String value = args[++i];
        switch (option) {
          case "--jar":
            if (options.jar != null) {
              return usage(err, "--jar is given twice");
            }
            options.jar = Path.of(value);
            break;
          case "--env-file":
          case "--env-vars-file":
          case "--sam-template":
            if (options.deploymentKind != null) {
              return usage(err, option + ": a check reads one deployment, and " + options.deploymentKind
                  + " is given");
            }
            options.deploymentKind = option;
            options.deployment = Path.of(value);
            break;
          case "--function":
            options.function = Optional.of(value);
            break;
          case "--stack-name":
            options.stackName = Optional.of(value);
            break;
          case "--parameter":
            int equals = value.indexOf('=');
            if (equals <= 0) {
              return usage(err, "--parameter takes NAME=VALUE");
            }
            if (options.parameters.putIfAbsent(value.substring(0, equals), value.substring(equals + 1)) != null) {
              return usage(err, "parameter " + value.substring(0, equals) + " is given twice");
            }
            break;
          case "--entry-point":
            options.entryPoint = Optional.of(value);
            break;
          case "--component":
            options.component = Optional.of(value);
            break;
          default:
            // An option name is never a value: safe to repeat, unless it is no option at all.
            return usage(err, option.startsWith("--") ? "unknown option " + option : "unexpected argument");
        }
      }
      if (options.jar == null && !"--sam-template".equals(options.deploymentKind)) {
        return usage(err, "--jar is required (only a SAM template names its functions' jars, in CodeUri)");
      }
      requests = options.requests();
    } catch (IllegalArgumentException | IllegalStateException e) {
      return usage(err, e.getMessage());
    } catch (CheckException e) {
      err.println("secretfn check: " + e.getMessage());
      return 2;
    }
    int status = 0;
    for (CheckRequest request : requests) {
      if (status != 0 || request != requests.get(0)) {
        out.println();
      }
      try {
        CheckReport report = DeploymentCheck.run(request);
        report.lines().forEach(out::println);
        status = Math.max(status, report.hasErrors() ? 1 : 0);
      } catch (CheckException e) {
        err.println("secretfn check: " + e.getMessage());
        status = 2;
      }
    }
    return status;
  }

  /** The options as given; one request per function to check. */
  private static final class Options {
    Path jar;
    String deploymentKind;
    Path deployment;
    Optional<String> function = Optional.empty();
    Optional<String> stackName = Optional.empty();
    final Map<String, String> parameters = new LinkedHashMap<>();
    Optional<String> entryPoint = Optional.empty();
    Optional<String> component = Optional.empty();
    boolean probe;

    /**
     * With --jar, the one request; without it (a SAM template), one per function of the template (or the one
     * --function names), each with the jar its CodeUri names.
     */
    List<CheckRequest> requests() throws CheckException {
      if (deploymentKind == null) {
        throw new IllegalStateException("no deployment: give --env-file, --env-vars-file or --sam-template");
      }
      if (jar != null) {
        return List.of(request(jar, function));
      }
      List<CheckRequest> requests = new ArrayList<>();
      for (Map.Entry<String, Path> code : SamTemplate.codeJars(deployment, function).entrySet()) {
        requests.add(request(code.getValue(), Optional.of(code.getKey())));
      }
      return requests;
    }

    private CheckRequest request(Path functionJar, Optional<String> samFunction) {
      CheckRequest.Builder builder = CheckRequest.builder().function(functionJar);
      switch (deploymentKind) {
        case "--env-file":
          builder.envFile(deployment);
          break;
        case "--env-vars-file":
          builder.envVarsFile(deployment);
          break;
        default:
          builder.samTemplate(deployment);
          samFunction.ifPresent(builder::samFunction);
          stackName.ifPresent(builder::stackName);
          parameters.forEach(builder::parameter);
      }
      if (!"--sam-template".equals(deploymentKind)
          && (function.isPresent() || !parameters.isEmpty() || stackName.isPresent())) {
        throw new IllegalStateException("--function, --parameter and --stack-name apply to a SAM template only");
      }
      entryPoint.ifPresent(builder::entryPoint);
      component.ifPresent(builder::component);
      if (probe) {
        builder.probe(Probe.DEFAULT_DEADLINE);
      }
      return builder.build();
    }
  }

  private static int usage(PrintStream err, String problem) {
    err.println("secretfn check: " + problem);
    err.println("Run with --help for the options.");
    return 2;
  }
}
