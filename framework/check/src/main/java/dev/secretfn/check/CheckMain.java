package dev.secretfn.check;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The command line of the check, for deploy scripts: prints the report and exits with 0 (no errors), 1 (errors)
 * or 2 (the check could not run: a usage error, a missing or malformed file, an unknown function).
 *
 * <pre>{@code
 * java -jar secretfn-check-cli.jar --jar target/orders-function.jar --env-file orders.env
 * java -jar secretfn-check-cli.jar --jar billing.jar --sam-template template.yaml \
 *     --function BillingWebhookFunction --parameter SigningKeyVersion=3
 * }</pre>
 */
public final class CheckMain {

  static final String USAGE = String.join("\n",
      "Usage: java -jar secretfn-check-cli.jar --jar FILE",
      "           (--env-file FILE | --env-vars-file FILE | --sam-template FILE [--function ID] [--parameter K=V]...)",
      "           [--entry-point CLASS] [--component CLASS] [--probe]",
      "",
      "Checks a deployment's variables against the secrets the function declares, before deploying it: one line",
      "per variable with the fix, then 'N errors, M warnings'. Never prints a variable's value.",
      "",
      "  --jar FILE            the function's jar (built with secretfn-compiler, which writes its descriptors)",
      "  --env-file FILE       NAME=VALUE lines, as deploy/gcp/deploy-function.sh --env-file reads them",
      "  --env-vars-file FILE  a gcloud --env-vars-file YAML",
      "  --sam-template FILE   a SAM or CloudFormation template: the function's Environment.Variables over",
      "                        Globals; intrinsics resolved where parameters are known, the rest said",
      "  --function ID         the template's function (logical id), if it has several",
      "  --parameter K=V       a template parameter's value (repeatable), over its Default",
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
    CheckRequest request;
    try {
      CheckRequest.Builder builder = CheckRequest.builder();
      boolean jar = false;
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        if (option.equals("-h") || option.equals("--help")) {
          out.println(USAGE);
          return 0;
        }
        if (option.equals("--probe")) {
          builder.probe(Probe.DEFAULT_DEADLINE);
          continue;
        }
        if (i + 1 >= args.length) {
          return usage(err, option.startsWith("--") ? option + " needs a value" : "unexpected argument");
        }
        String value = args[++i];
        switch (option) {
          case "--jar":
            if (jar) {
              return usage(err, "--jar is given twice");
            }
            jar = true;
            builder.function(Path.of(value));
            break;
          case "--env-file":
            builder.envFile(Path.of(value));
            break;
          case "--env-vars-file":
            builder.envVarsFile(Path.of(value));
            break;
          case "--sam-template":
            builder.samTemplate(Path.of(value));
            break;
          case "--function":
            builder.samFunction(value);
            break;
          case "--parameter":
            int equals = value.indexOf('=');
            if (equals <= 0) {
              return usage(err, "--parameter takes NAME=VALUE");
            }
            builder.parameter(value.substring(0, equals), value.substring(equals + 1));
            break;
          case "--entry-point":
            builder.entryPoint(value);
            break;
          case "--component":
            builder.component(value);
            break;
          default:
            // An option name is never a value: safe to repeat, unless it is no option at all.
            return usage(err, option.startsWith("--") ? "unknown option " + option : "unexpected argument");
        }
      }
      if (!jar) {
        return usage(err, "--jar is required");
      }
      request = builder.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      return usage(err, e.getMessage());
    }
    try {
      CheckReport report = DeploymentCheck.run(request);
      report.lines().forEach(out::println);
      return report.hasErrors() ? 1 : 0;
    } catch (CheckException e) {
      err.println("secretfn check: " + e.getMessage());
      return 2;
    }
  }

  private static int usage(PrintStream err, String problem) {
    err.println("secretfn check: " + problem);
    err.println("Run with --help for the options.");
    return 2;
  }
}
