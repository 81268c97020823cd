package dev.secretfn.check;

import dev.secretfn.Environment;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.SecretResolver;
import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.ReferenceParser;
import dev.secretfn.ref.Scheme;
import dev.secretfn.ref.SecretReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The optional probe of the pre-deploy check: resolves a deployment's declared secrets with real credentials,
 * exactly as a cold start does, keeps nothing, and reports one {@link Finding} per variable: reachable, or the
 * resolver's own failure (step, cause, and the fix, which names the role or permission to grant when the store's
 * denial says which).
 *
 * <p>How: every built-in store is bound as a function binds it ({@link ProbeComponent}: lean transports), and
 * core's {@link SecretResolver} resolves all declarations at once, in parallel, under one deadline, retrying
 * transient failures, as at start-up. Every resolved secret is wiped as soon as the resolver returns; nothing is
 * converted to a {@code String}, logged or printed, and failures carry no value (the resolver's guarantee).
 *
 * <p>Two environments, kept apart:
 * <ul>
 *   <li>the <b>deployment's</b> variables (references, ciphertexts, {@code KMS_CRYPTO_KEY_ID}): the only place a
 *       declared variable is looked up, so a secret set in the shell that runs the check never hides one
 *       missing from the deployment;
 *   <li>what the <b>stores</b> read their settings from: the environment of the process running the check,
 *       overlaid with the deployment's variables (the function's configuration wins: {@code VAULT_ADDR},
 *       {@code VAULT_AUTH_ROLE}). From the process come the credentials and the region, as each store takes them
 *       at start-up: Google Application Default Credentials ({@code gcloud auth application-default login}, or
 *       {@code GOOGLE_APPLICATION_CREDENTIALS}); the AWS default chain ({@code AWS_PROFILE}, keys, SSO) with
 *       {@code AWS_REGION}; and {@code AWS_LAMBDA_FUNCTION_NAME} for the AWS KMS encryption context the Lambda
 *       console's helpers use. Vault logs in as the function would, with the method {@code
 *       VAULT_AUTH_PROVIDER} names: {@code aws} signs {@code sts:GetCallerIdentity} with the AWS credentials
 *       above; otherwise gcp asks the metadata server for the service account's identity token, so it works
 *       only on Google Cloud compute that runs as that account, not on a laptop. The emulator hosts ({@code
 *       SECRETFN_*_EMULATOR_HOST}, loopback only) point the stores at emulators, as they do at a local start,
 *       and {@code GCE_METADATA_HOST} the Vault gcp login at a metadata server: that is how the tests point the
 *       probe at theirs.
 * </ul>
 * The probe proves what <em>these</em> credentials can read. To prove what the function can, run it as the
 * function: {@code gcloud auth application-default login --impersonate-service-account=SA}, or an AWS profile
 * that assumes the execution role. Store settings a function binds in code ({@code GcpSettings}, {@code
 * AwsSettings}: additional data bound to variables, a custom encryption context) are not known here; the
 * defaults apply.
 *
 * <p>Not probed, with a note each: references of a scheme no built-in store reads (a platform team's own
 * store), and {@code file://} secrets, which the platform mounts where the function runs, not where the check
 * runs.
 *
 * <p>Objects are read in full (media, not metadata) and wiped: a metadata read needs the same permission
 * ({@code storage.objects.get}, {@code s3:GetObject}), so it would prove no less, but it would leave untested
 * what a cold start does next (checksums, size limit, Berglas envelope, JSON field), and it would need a second
 * request path in every object store, used by nothing else.
 */
final class Probe {
  /** The default deadline of the whole probe, 10 s: a cold start's budget plus room for a distant network. */
  static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

  private Probe() {}

  /**
   * Probes every declaration against the deployment's {@code environment}, with the credentials and settings
   * of this process (see the class comment), within {@code deadline}.
   *
   * @return one finding per declared variable, in declaration order: NOTE when reachable, not set, or not
   *     probed; ERROR with the resolver's failure otherwise
   * @throws IllegalArgumentException if {@code deadline} is not between 1 ms and 15 minutes
   */
  static List<Finding> run(List<SecretDeclaration> declarations, Environment environment, Duration deadline) {
    return run(declarations, environment, Environment.system(), deadline, resolved -> {});
  }

  /**
   * As {@link #run(List, Environment, Duration)}, with the stores' settings from {@code process} instead of this
   * process's environment, and handing {@code wiped} the resolved secrets after wiping them (tests check them).
   */
  static List<Finding> run(List<SecretDeclaration> declarations, Environment deployment, Environment process,
      Duration deadline, Consumer<ResolvedSecrets> wiped) {
    ResolverSettings settings = ResolverSettings.builder().deadline(deadline).build();
    ProbeComponent stores = ProbeComponent.create(storesEnvironment(process, deployment), settings);
    ReferenceParser parser = ReferenceParser.of(stores.syntaxes());
    Set<String> builtIn = parser.schemes().stream().map(Scheme::id).collect(Collectors.toSet());

    Map<String, SecretDeclaration> byVariable = new LinkedHashMap<>();
    Map<String, Finding> notProbed = new HashMap<>();
    List<SecretDeclaration> probed = new ArrayList<>();
    for (SecretDeclaration declaration : declarations) {
      String variable = declaration.variable();
      byVariable.putIfAbsent(variable, declaration);
      Optional<Finding> skip = notProbed(variable, deployment, builtIn);
      if (skip.isPresent()) {
        notProbed.put(variable, skip.get());
      } else {
        probed.add(declaration); // duplicates too: the resolver merges them, or fails conflicting ones
      }
    }

    Map<String, Failure> failures = new HashMap<>();
    if (!probed.isEmpty()) {
      try {
        ResolvedSecrets resolved = SecretResolver.create(stores.syntaxes(), stores.sources(), settings)
            .resolve(probed, deployment);
        resolved.wipeAll();
        wiped.accept(resolved);
      } catch (SecretResolutionException e) {
        // The resolver has wiped whatever it resolved before it threw.
        e.failures().forEach(f -> failures.putIfAbsent(f.variable(), f));
      }
    }

    List<Finding> findings = new ArrayList<>();
    for (SecretDeclaration declaration : byVariable.values()) {
      String variable = declaration.variable();
      Finding finding = notProbed.get(variable);
      if (finding == null) {
        Failure failure = failures.get(variable);
        finding = failure != null ? failed(failure) : reached(declaration, deployment, parser);
      }
      findings.add(finding);
    }
    return findings;
  }

  /** The process's environment overlaid with the deployment's: what the stores read their settings from. */
  private static Environment storesEnvironment(Environment process, Environment deployment) {
    Map<String, String> variables = new HashMap<>();
    for (String name : process.names()) {
      variables.put(name, process.get(name).orElseThrow());
    }
    for (String name : deployment.names()) {
      variables.put(name, deployment.get(name).orElseThrow());
    }
    return Environment.of(variables);
  }

  /**
   * A note when the variable holds a reference the probe must not resolve here: a scheme no built-in store
   * reads, or a platform-mounted file. Only a well-formed scheme is named; anything else goes to the resolver,
   * whose parse error never quotes the value.
   */
  private static Optional<Finding> notProbed(String variable, Environment deployment, Set<String> builtIn) {
    Optional<String> value = deployment.get(variable);
    int separator = value.map(v -> v.indexOf("://")).orElse(-1);
    if (separator < 0) {
      return Optional.empty();
    }
    String schemeId = value.get().substring(0, separator);
    try {
      Scheme.of(schemeId);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (schemeId.equals("file")) {
      return Optional.of(Finding.of(Severity.NOTE, variable, "not probed: file:// secrets are mounted by the"
          + " platform where the function runs, not where the check runs", Optional.of("check the function's"
          + " secret volume (gcloud --set-secrets, or the Kubernetes volume) mounts this path")));
    }
    if (!builtIn.contains(schemeId)) {
      return Optional.of(Finding.of(Severity.NOTE, variable, "not probed: the check has no source for " + schemeId
          + ":// references (a store of your own)", Optional.empty()));
    }
    return Optional.empty();
  }

  private static Finding failed(Failure failure) {
    String message = "probe failed: " + failure.reference().map(r -> r + ": ").orElse("") + failure.step()
        + " failed: " + failure.cause() + (failure.isRetryable() ? " (transient: a later try may succeed)" : "");
    return Finding.of(Severity.ERROR, failure.variable(), message, failure.hint());
  }

  private static Finding reached(SecretDeclaration declaration, Environment deployment, ReferenceParser parser) {
    String variable = declaration.variable();
    Optional<String> value = deployment.get(variable);
    if (value.isEmpty()) {
      return Finding.of(Severity.NOTE, variable, declaration.defaultValue().isPresent()
          ? "not set: its declared default applies, nothing to probe"
          : "not set: it is optional, nothing to probe", Optional.empty());
    }
    return Finding.of(Severity.NOTE, variable, "reachable with these credentials: "
        + describe(declaration, value.get(), deployment, parser)
        + " was read (and decrypted where encrypted) as at a cold start, then wiped; nothing kept",
        Optional.empty());
  }

  /** The reference as the resolver read it, described without secret material. */
  private static String describe(SecretDeclaration declaration, String value, Environment deployment,
      ReferenceParser parser) {
    try {
      SecretReference reference = declaration.bareCiphertext().isPresent()
          ? parser.parseCiphertext(declaration.variable(), value, declaration.bareCiphertext().get(), deployment)
          : parser.parse(declaration.variable(), value);
      return reference.describe();
    } catch (ReferenceException e) {
      // The resolver parsed the same value with the same syntaxes; a parse error here would be a bug.
      throw new IllegalStateException("the probe could not parse again what the resolver parsed: " + e.getMessage());
    }
  }
}
