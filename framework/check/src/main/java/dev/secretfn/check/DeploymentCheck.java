package dev.secretfn.check;

import dev.secretfn.Environment;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks a deployment's variables against the secrets a function declares, before it is deployed: reads the
 * descriptors secretfn-compiler wrote into the function's jar, chooses the function's component, builds the
 * reference syntaxes it binds, and reports per declared variable what start-up would fail on (a missing
 * variable, a value that does not parse, a scheme whose store module is not bound, a pinned reference declared
 * refreshing), a value that looks like plaintext, and an unpinned reference (a warning). Variables the function
 * does not declare are plain configuration and not looked at. With {@link CheckRequest.Builder#probe}, the
 * secrets without an error are also resolved with the caller's credentials (and wiped), one more line each.
 *
 * <pre>{@code
 * CheckReport report = DeploymentCheck.run(CheckRequest.builder()
 *     .function(Path.of("target/orders-function.jar"))
 *     .envFile(Path.of("orders.env"))
 *     .build());
 * report.lines().forEach(System.out::println);   // header, one line per finding, "1 error, 0 warnings"
 * }</pre>
 *
 * <h2>WARNING</h2>
 * The function's own reference syntaxes are loaded from its jar and run inside the check: check only functions
 * whose code you would run.
 */
public final class DeploymentCheck {
  private DeploymentCheck() {}

  /**
   * Runs the check; thread-safe (each run has its own state).
   *
   * @throws CheckException if the check cannot run: a file is missing or malformed, the function or its
   *     component cannot be told, a syntax cannot be built
   */
  public static CheckReport run(CheckRequest request) throws CheckException {
    List<Path> paths = new ArrayList<>();
    paths.add(request.function());
    paths.addAll(request.classpath());
    FunctionFiles files = FunctionFiles.read(paths);
    Deployment deployment = readDeployment(request);
    List<String> notes = new ArrayList<>();
    if (files.components().isEmpty() && files.secrets().isEmpty()) {
      throw new CheckException("no secretfn descriptors in " + request.function() + " or its classpath: build"
          + " the function with secretfn-compiler on its annotation processor path");
    }
    try (URLClassLoader loader = new URLClassLoader(urls(paths), DeploymentCheck.class.getClassLoader())) {
      String subject;
      Map<String, List<DeclaredSecret>> declared;
      Syntaxes syntaxes;
      if (files.components().isEmpty()) {
        notes.add("the function has no component descriptor (it was built before secretfn-compiler wrote"
            + " them): every secrets descriptor is checked, against all of the check's built-in stores");
        subject = "function " + request.function();
        declared = files.secrets();
        syntaxes = Syntaxes.builtIn();
      } else {
        ComponentDescriptor component = ComponentChoice.choose(files, request.component(),
            request.entryPoint().or(deployment::entryPoint));
        subject = "component " + component.component();
        declared = declaredBy(component, files);
        syntaxes = Syntaxes.of(component, loader);
        if (!syntaxes.unsupported().isEmpty()) {
          notes.add("the component binds reference syntaxes the check cannot build (a @Provides with parameters,"
              + " or @ElementsIntoSet): " + String.join(", ", syntaxes.unsupported()) + "; values of their"
              + " schemes are not checked");
        }
      }
      List<Finding> findings = new ArrayList<>();
      Map<String, DeclaredSecret> secrets = merge(declared, findings);
      Set<String> knownSchemes = new TreeSet<>(syntaxes.schemeIds());
      knownSchemes.addAll(Syntaxes.builtIn().schemeIds());
      VariableCheck check = new VariableCheck(syntaxes, knownSchemes, environment(deployment));
      for (DeclaredSecret secret : secrets.values()) {
        findings.addAll(check.check(secret, Optional.ofNullable(deployment.variables().get(secret.variable()))));
      }
      if (request.probeDeadline().isPresent()) {
        findings.addAll(probe(secrets, findings, deployment, request.probeDeadline().get()));
      }
      findings.sort(Comparator.comparing(Finding::variable)); // stable: a variable's NOTE stays first
      int count = secrets.size();
      String header = "secretfn check: " + subject + " against " + deployment.source() + ": " + count
          + (count == 1 ? " declared secret" : " declared secrets");
      return new CheckReport(header, notes, findings);
    } catch (IOException e) {
      throw new CheckException("cannot close the class loader over the function's jar ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * The probe's findings for the secrets the static check found no error in (an error already says what start-up
   * would fail on, and the probe would only repeat it) and whose value is fully known (a template value left
   * unresolved has its NOTE; the probe would take it for unset).
   */
  private static List<Finding> probe(Map<String, DeclaredSecret> secrets, List<Finding> findings,
      Deployment deployment, Duration deadline) {
    Set<String> skipped = new TreeSet<>();
    findings.stream().filter(f -> f.severity() == Severity.ERROR).forEach(f -> skipped.add(f.variable()));
    deployment.variables().forEach((name, value) -> {
      if (!value.resolved()) {
        skipped.add(name);
      }
    });
    List<DeclaredSecret> probed = new ArrayList<>();
    secrets.values().stream().filter(s -> !skipped.contains(s.variable())).forEach(probed::add);
    return Probe.run(DeclaredSecrets.toDeclarations(probed), environment(deployment), deadline);
  }

  private static Deployment readDeployment(CheckRequest request) throws CheckException {
    switch (request.kind()) {
      case ENV_FILE:
        return EnvFile.read(request.deployment());
      case ENV_VARS_FILE:
        return EnvVarsYaml.read(request.deployment());
      case SAM_TEMPLATE:
        return SamTemplate.read(
            request.deployment(), request.samFunction(), request.parameters(), request.stackName());
      default:
        throw new IllegalStateException(request.kind().toString());
    }
  }

  /** The secrets of the declarations the component installs. */
  private static Map<String, List<DeclaredSecret>> declaredBy(ComponentDescriptor component, FunctionFiles files)
      throws CheckException {
    Map<String, List<DeclaredSecret>> declared = new TreeMap<>();
    for (String declarations : component.declarations()) {
      List<DeclaredSecret> secrets = files.secrets().get(declarations);
      if (secrets == null) {
        throw new CheckException(component.component() + " installs the module of " + declarations + ", but no"
            + " secrets descriptor of it is on the function's paths: give the function's runtime classpath, or"
            + " build the jar that holds " + declarations + " with secretfn-compiler");
      }
      declared.put(declarations, secrets);
    }
    return declared;
  }

  /**
   * One declaration per variable, by name; a variable declared in conflicting ways is an error, as at start-up.
   */
  private static Map<String, DeclaredSecret> merge(Map<String, List<DeclaredSecret>> declared,
      List<Finding> findings) {
    Map<String, DeclaredSecret> byVariable = new TreeMap<>();
    Set<String> conflicting = new TreeSet<>();
    for (List<DeclaredSecret> secrets : declared.values()) {
      for (DeclaredSecret secret : secrets) {
        DeclaredSecret previous = byVariable.putIfAbsent(secret.variable(), secret);
        if (previous != null && !previous.sameSecretAs(secret) && conflicting.add(secret.variable())) {
          findings.add(Finding.of(Severity.ERROR, secret.variable(), "declared twice in conflicting ways: "
              + previous + " and " + secret, Optional.of("declare each variable once, or the same way"
              + " everywhere")));
        }
      }
    }
    conflicting.forEach(byVariable::remove);
    return byVariable;
  }

  /**
   * The deployment's fully known values, over what the platform sets (the Lambda function's name, the default
   * encryption context of its console-encrypted variables): the environment a bare ciphertext's settings come from.
   */
  private static Environment environment(Deployment deployment) {
    Map<String, String> values = new LinkedHashMap<>(deployment.platformVariables());
    deployment.variables().forEach((name, value) -> {
      if (value.resolved()) {
        values.put(name, value.text().orElseThrow());
      }
    });
    return Environment.of(values);
  }

  private static URL[] urls(List<Path> paths) throws CheckException {
    URL[] urls = new URL[paths.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = paths.get(i).toUri().toURL();
      } catch (MalformedURLException e) {
        throw new CheckException("cannot use " + paths.get(i) + " as a class path entry");
      }
    }
    return urls;
  }
}
