package dev.secretfn.bench.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One function to start: {@link #id()} selects it ({@code -Dbench.scenarios}) and keys its figures, {@link
 * #name()} labels it in the report, {@code jar} is its deployment (the secretfn scenarios of a runtime share one,
 * the official-client ones have two: KMS and storage, managed stores; the naive ones have their own).
 */
record Scenario(Runtime runtime, Kind kind, String target, Map<String, String> env, Path jar) {
  /** The runtime a scenario starts on. */
  enum Runtime {
    GCF("GCF (Functions Framework invoker 2.0.0)"),
    LAMBDA("Lambda (runtime interface client 2.10.1, Runtime API emulator)");

    private final String heading;

    Runtime(String heading) {
      this.heading = heading;
    }

    String heading() {
      return heading;
    }

    String prefix() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What a scenario's function does at start-up; the same kinds on both runtimes, but for the managed stores', each
   * on its own cloud's runtime.
   */
  enum Kind {
    EMPTY("empty", "empty function"),
    PLAIN("plain", "2 plaintext variables"),
    FLOOR("floor", "physical floor: empty + 1 HttpURLConnection call"),
    MEMORY("memory", "framework overhead: secretfn, 10 secrets in memory"),
    ONE("one", "secretfn, 1 secret"),
    TEN("ten", "secretfn, 10 secrets"),
    ONE_OFFICIAL("one-official", "secretfn, 1 secret, official client"),
    TEN_OFFICIAL("ten-official", "secretfn, 10 secrets, official client"),
    SECRET_MANAGER_TEN("sm-ten", "secretfn, 10 secrets from Secret Manager"),
    SECRET_MANAGER_TEN_OFFICIAL("sm-ten-official", "secretfn, 10 secrets from Secret Manager, official client"),
    SSM_TEN("ssm-ten", "secretfn, 10 secrets from SSM Parameter Store, batched"),
    SSM_TEN_SEPARATE("ssm-ten-separate", "secretfn, 10 secrets from SSM Parameter Store, one call each"),
    SSM_TEN_OFFICIAL("ssm-ten-official", "secretfn, 10 secrets from SSM Parameter Store, batched, official client"),
    NAIVE("naive", "naive, 10 secrets (sequential, default clients)");

    private final String suffix;
    private final String label;

    Kind(String suffix, String label) {
      this.suffix = suffix;
      this.label = label;
    }

    String label() {
      return label;
    }

    /** The kinds that run secretfn against a store, whose start-up the report takes apart. */
    boolean resolvesFromAStore() {
      return this == ONE || this == TEN || this == ONE_OFFICIAL || this == TEN_OFFICIAL || this == SECRET_MANAGER_TEN
          || this == SECRET_MANAGER_TEN_OFFICIAL || this == SSM_TEN || this == SSM_TEN_SEPARATE
          || this == SSM_TEN_OFFICIAL;
    }
  }

  /** "gcf-ten", "lambda-one-official", "lambda-ssm-ten-separate". */
  String id() {
    return id(runtime, kind);
  }

  static String id(Runtime runtime, Kind kind) {
    return runtime.prefix() + "-" + kind.suffix;
  }

  String name() {
    return kind.label();
  }

  /**
   * The jars the scenarios start from; the official-client jars exist once framework/benchmarks-official is built:
   * {@code officialGcf} / {@code officialLambda} its {@code gcf} / {@code lambda} jars (the KMS and storage
   * functions), {@code managedGcf} / {@code managedLambda} its {@code gcf-managed} / {@code lambda-managed} jars (the
   * managed stores' functions, Secret Manager / SSM).
   */
  record Jars(Path gcf, Path lambda, Path naiveGcf, Path naiveLambda, Optional<Path> officialGcf,
      Optional<Path> officialLambda, Optional<Path> managedGcf, Optional<Path> managedLambda) {}

  /**
   * Every scenario the runner can start, in rotation order: per runtime the baselines, the KMS and storage
   * scenarios, the official-client ones (left out when their jar was not built), the managed stores' (Secret
   * Manager on GCF; SSM Parameter Store batched, then one call per parameter, on Lambda), each followed by its
   * official-client one (from the managed-store jar, left out when that one was not built), the naive comparator.
   */
  static List<Scenario> all(Deployments d, Jars jars) {
    String gcf = "dev.secretfn.bench.gcf.";
    String lambda = "dev.secretfn.bench.lambda.";
    String officialGcf = "dev.secretfn.bench.official.gcf.";
    String officialLambda = "dev.secretfn.bench.official.lambda.";
    List<Scenario> all = new ArrayList<>();
    all.add(new Scenario(Runtime.GCF, Kind.EMPTY, gcf + "EmptyFunction", d.gcfEmpty, jars.gcf()));
    all.add(new Scenario(Runtime.GCF, Kind.PLAIN, gcf + "PlainEnvFunction", d.gcfPlain, jars.gcf()));
    all.add(new Scenario(Runtime.GCF, Kind.FLOOR, gcf + "FloorFunction", d.gcfFloor, jars.gcf()));
    all.add(new Scenario(Runtime.GCF, Kind.MEMORY, gcf + "InMemoryTenSecretsFunction", d.gcfMemory, jars.gcf()));
    all.add(new Scenario(Runtime.GCF, Kind.ONE, gcf + "OneSecretFunction", d.gcfOne, jars.gcf()));
    all.add(new Scenario(Runtime.GCF, Kind.TEN, gcf + "TenSecretsFunction", d.gcfTen, jars.gcf()));
    jars.officialGcf().ifPresent(jar -> {
      all.add(new Scenario(Runtime.GCF, Kind.ONE_OFFICIAL, officialGcf + "OneSecretFunction", d.gcfOne, jar));
      all.add(new Scenario(Runtime.GCF, Kind.TEN_OFFICIAL, officialGcf + "TenSecretsFunction", d.gcfTen, jar));
    });
    all.add(new Scenario(Runtime.GCF, Kind.SECRET_MANAGER_TEN, gcf + "SecretManagerTenSecretsFunction",
        d.gcfSecretManagerTen, jars.gcf()));
    jars.managedGcf().ifPresent(jar -> all.add(new Scenario(Runtime.GCF, Kind.SECRET_MANAGER_TEN_OFFICIAL,
        officialGcf + "SecretManagerTenSecretsFunction", d.gcfSecretManagerTen, jar)));
    all.add(new Scenario(Runtime.GCF, Kind.NAIVE, "dev.secretfn.bench.naive.gcf.NaiveTenSecretsFunction", d.gcfNaive,
        jars.naiveGcf()));
    all.add(new Scenario(Runtime.LAMBDA, Kind.EMPTY, lambda + "EmptyHandler", d.lambdaEmpty, jars.lambda()));
    all.add(new Scenario(Runtime.LAMBDA, Kind.PLAIN, lambda + "PlainEnvHandler", d.lambdaPlain, jars.lambda()));
    all.add(new Scenario(Runtime.LAMBDA, Kind.FLOOR, lambda + "FloorHandler", d.lambdaFloor, jars.lambda()));
    all.add(new Scenario(Runtime.LAMBDA, Kind.MEMORY, lambda + "InMemoryTenSecretsFunction", d.lambdaMemory,
        jars.lambda()));
    all.add(new Scenario(Runtime.LAMBDA, Kind.ONE, lambda + "OneSecretFunction", d.lambdaOne, jars.lambda()));
    all.add(new Scenario(Runtime.LAMBDA, Kind.TEN, lambda + "TenSecretsFunction", d.lambdaTen, jars.lambda()));
    jars.officialLambda().ifPresent(jar -> {
      all.add(new Scenario(Runtime.LAMBDA, Kind.ONE_OFFICIAL, officialLambda + "OneSecretFunction", d.lambdaOne,
          jar));
      all.add(new Scenario(Runtime.LAMBDA, Kind.TEN_OFFICIAL, officialLambda + "TenSecretsFunction", d.lambdaTen,
          jar));
    });
    all.add(new Scenario(Runtime.LAMBDA, Kind.SSM_TEN, lambda + "SsmTenSecretsFunction", d.lambdaSsmTen,
        jars.lambda()));
    all.add(new Scenario(Runtime.LAMBDA, Kind.SSM_TEN_SEPARATE, lambda + "SeparateSsmTenSecretsFunction",
        d.lambdaSsmTen, jars.lambda()));
    jars.managedLambda().ifPresent(jar -> all.add(new Scenario(Runtime.LAMBDA, Kind.SSM_TEN_OFFICIAL,
        officialLambda + "SsmTenSecretsFunction", d.lambdaSsmTen, jar)));
    all.add(new Scenario(Runtime.LAMBDA, Kind.NAIVE, "dev.secretfn.bench.naive.lambda.NaiveTenSecretsHandler",
        d.lambdaNaive, jars.naiveLambda()));
    return List.copyOf(all);
  }

  /**
   * The scenarios whose ids {@code ids} lists (comma-separated), in rotation order; all when it is blank.
   *
   * @throws IllegalArgumentException naming an unknown id and the known ones; an official-client id whose jar was
   *     not built says how to build it
   */
  static List<Scenario> select(List<Scenario> all, String ids) {
    if (ids.isBlank()) {
      return all;
    }
    List<String> wanted = Stream.of(ids.split(",")).map(String::trim).filter(id -> !id.isEmpty()).toList();
    List<String> known = all.stream().map(Scenario::id).toList();
    List<String> unknown = wanted.stream().filter(id -> !known.contains(id)).toList();
    if (!unknown.isEmpty()) {
      boolean official = unknown.stream().anyMatch(id -> id.endsWith("-official"));
      throw new IllegalArgumentException("-Dbench.scenarios: unknown scenario " + unknown + "; known: "
          + String.join(",", known) + (official ? ". The official-client scenarios need the jars of"
              + " framework/benchmarks-official (see its pom), which this build has not made" : ""));
    }
    return all.stream().filter(scenario -> wanted.contains(scenario.id())).toList();
  }
}
