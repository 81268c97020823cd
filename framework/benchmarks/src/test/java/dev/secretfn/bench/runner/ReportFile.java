package dev.secretfn.bench.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/benchmarks.md as one section per {@link Variant}: a run replaces its own variant's section and keeps every
 * other section byte for byte. The file's frame (title, the summary of medians across sections, how it is
 * measured) is regenerated on every write; nothing in the file is hand-written.
 *
 * <p>A section lies between two marker lines, {@code <!-- begin variant: ID -->} and
 * {@code <!-- end variant: ID -->}. Sections are ordered by {@link Variant#rank}: by JDK, then default flags, C1,
 * AppCDS + C1, AOT cache, then any other variant of that JDK in the order it was first written. Each section carries one machine-readable line,
 * {@code <!-- medians (ms): gcf-ten@30=1314 … -->} (scenario id, latency, median), which the summary at the top
 * is made from, so the summary never parses the tables.
 */
final class ReportFile {
  private static final Pattern BEGIN = Pattern.compile("^<!-- begin variant: (.+) -->$", Pattern.MULTILINE);
  private static final Pattern MEDIANS = Pattern.compile("^<!-- medians \\(ms\\): (.*) -->$", Pattern.MULTILINE);
  private static final Pattern MEDIAN = Pattern.compile("([a-z0-9-]+)@(\\d+)=(\\d+)");
  private static final Pattern HEADING = Pattern.compile("^## (.+)$", Pattern.MULTILINE);
  static final int SUMMARY_LATENCY = 30;

  private ReportFile() {}

  /** One variant's part of the file: its id and the text between its markers, verbatim. */
  record Section(String id, String body) {
    /** A new section from Report: the body ends with exactly one line break. */
    static Section of(Variant variant, String body) {
      return new Section(variant.id(), body.stripTrailing() + "\n");
    }
  }

  /**
   * Writes {@code section} into {@code file}: replaces the section of the same id, or adds it in its place, and
   * keeps the others as they are. Creates the file if there is none.
   *
   * @throws IllegalArgumentException if the existing file is not made of sections (see {@link #check})
   */
  static void write(Path file, Section section) throws IOException {
    String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, replace(existing, section), StandardCharsets.UTF_8);
  }

  /**
   * Fails before the benchmark runs, not after, if {@code file} could not take a section: it exists, is not
   * blank, and has no section markers (a report by an older runner, or some other file), or its markers or
   * medians lines are broken.
   */
  static void check(Path file) throws IOException {
    if (Files.exists(file)) {
      String existing = Files.readString(file, StandardCharsets.UTF_8);
      List<Section> sections = sections(existing);
      if (sections.isEmpty() && !existing.isBlank()) {
        throw new IllegalArgumentException(file + " has no '<!-- begin variant: … -->' sections, so a run would"
            + " drop all of it: move it away or point -Dbench.output elsewhere");
      }
      summary(sections);
    }
  }

  /** The file's text with {@code section} replacing the one of the same id, or added in its place. */
  static String replace(String existing, Section section) {
    List<Section> sections = new ArrayList<>(sections(existing));
    int at = -1;
    for (int i = 0; i < sections.size(); i++) {
      if (sections.get(i).id().equals(section.id())) {
        at = i;
      }
    }
    if (at >= 0) {
      sections.set(at, section);
    } else {
      sections.add(section);
    }
    // A stable sort: the known variants in their order, the others as they were, a new one last.
    sections.sort(Comparator.comparingInt(s -> Variant.rank(s.id())));
    return render(sections);
  }

  /** The sections of a report, in file order; none for an empty text. */
  static List<Section> sections(String text) {
    String lf = text.replace("\r\n", "\n");
    List<Section> found = new ArrayList<>();
    Matcher begin = BEGIN.matcher(lf);
    int from = 0;
    while (begin.find(from)) {
      String id = begin.group(1);
      String end = endMarker(id);
      int bodyStart = begin.end() + 1;
      int bodyEnd = bodyStart > lf.length() ? -1 : lf.indexOf("\n" + end + "\n", begin.end());
      if (bodyEnd < 0 && lf.endsWith("\n" + end)) {
        bodyEnd = lf.length() - end.length() - 1;
      }
      if (bodyEnd < 0) {
        throw new IllegalArgumentException("section '" + id + "' has no line '" + end + "'");
      }
      String body = lf.substring(bodyStart, bodyEnd + 1);
      Matcher nested = BEGIN.matcher(body);
      if (nested.find()) {
        throw new IllegalArgumentException("section '" + id + "' contains the start of section '"
            + nested.group(1) + "' before its end line '" + end + "'");
      }
      for (Section earlier : found) {
        if (earlier.id().equals(id)) {
          throw new IllegalArgumentException("section '" + id + "' appears twice");
        }
      }
      found.add(new Section(id, body));
      from = bodyEnd + 1 + end.length();
    }
    return found;
  }

  static String render(List<Section> sections) {
    StringBuilder out = new StringBuilder(preamble());
    out.append(summary(sections));
    for (Section section : sections) {
      out.append(beginMarker(section.id())).append('\n')
          .append(section.body())
          .append(endMarker(section.id())).append("\n\n");
    }
    return out.append(howItIsMeasured()).toString();
  }

  static String beginMarker(String id) {
    return "<!-- begin variant: " + id + " -->";
  }

  static String endMarker(String id) {
    return "<!-- end variant: " + id + " -->";
  }

  /** The medians line of a section, for {@link Report} to put in its section. */
  static String mediansLine(Map<String, Long> mediansByScenarioAtLatency) {
    StringBuilder out = new StringBuilder("<!-- medians (ms):");
    mediansByScenarioAtLatency.forEach((key, median) -> out.append(' ').append(key).append('=').append(median));
    return out.append(" -->").toString();
  }

  /** Scenario id and latency ("gcf-ten@30") to median, from a section's medians line; empty if it has none. */
  static Map<String, Long> medians(Section section) {
    Map<String, Long> medians = new LinkedHashMap<>();
    Matcher line = MEDIANS.matcher(section.body());
    if (!line.find()) {
      return medians;
    }
    for (String token : line.group(1).trim().split("\\s+")) {
      Matcher median = MEDIAN.matcher(token);
      if (token.isEmpty()) {
        continue;
      }
      if (!median.matches()) {
        throw new IllegalArgumentException("section '" + section.id() + "': '" + token
            + "' in its medians line is not scenario@latency=ms");
      }
      medians.put(median.group(1) + "@" + median.group(2), Long.parseLong(median.group(3)));
    }
    return medians;
  }

  /**
   * A table of every section's medians at 30 ms, one row per section, one column per scenario (scenarios in the
   * order the sections list them); empty when no section has medians.
   */
  static String summary(List<Section> sections) {
    List<String> scenarios = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    Map<Section, Map<String, Long>> all = new LinkedHashMap<>();
    for (Section section : sections) {
      Map<String, Long> medians = medians(section);
      all.put(section, medians);
      int after = -1;
      for (String key : medians.keySet()) {
        String scenario = key.substring(0, key.indexOf('@'));
        int known = scenarios.indexOf(scenario);
        if (known >= 0) {
          after = known;
        } else {
          // Insert after the last scenario this section listed: a subset keeps the full rotation's order.
          scenarios.add(after + 1, scenario);
          after = after + 1;
        }
      }
    }
    if (scenarios.isEmpty()) {
      return "";
    }
    for (Map.Entry<Section, Map<String, Long>> entry : all.entrySet()) {
      List<String> row = new ArrayList<>();
      row.add(title(entry.getKey()));
      for (String scenario : scenarios) {
        row.add(Optional.ofNullable(entry.getValue().get(scenario + "@" + SUMMARY_LATENCY))
            .map(String::valueOf).orElse("–"));
      }
      rows.add(row);
    }
    List<String> header = new ArrayList<>();
    header.add("variant");
    scenarios.forEach(scenario -> header.add("`" + scenario + "`"));
    return "## Medians at " + SUMMARY_LATENCY + " ms, per variant\n\n"
        + "Generated from the sections below: each row is the cold-start median (ms) of its own run, with that run's"
        + " settings and date in its section; compare within a row. Columns are scenario ids"
        + " (`-Dbench.scenarios`); \"–\": not measured in that run.\n\n"
        + Stats.table(header, rows) + "\n";
  }

  private static String title(Section section) {
    Matcher heading = HEADING.matcher(section.body());
    return heading.find() ? heading.group(1) : section.id();
  }

  static String preamble() {
    StringBuilder out = new StringBuilder("# Benchmarks\n\n")
        .append("Written by `dev.secretfn.bench.runner.ColdStartBenchmark` (module `framework/benchmarks`); not")
        .append(" edited by hand. One section per variant (the JDK of the run, `-Dbench.jdk`, and its")
        .append(" `-Dbench.jvmOptions`, `-Dbench.cds`, `-Dbench.aot`), each with its own settings and date: a run")
        .append(" replaces only its own variant's section. What the figures mean, why targets are not met, and the")
        .append(" recipes (C1, AppCDS, the AOT cache, SnapStart): [cold-start.md](cold-start.md). Rerun a variant")
        .append(" (`$JDK25_HOME`: the home of a JDK 25, e.g. `/usr/lib/jvm/temurin-25-jdk-amd64`; without")
        .append(" `-Dbench.jdk`, the JDK that runs Maven):\n\n")
        .append("```sh\n");
    for (Variant variant : List.of(new Variant(List.of(), Archive.NONE), new Variant(List.of(Variant.C1), Archive.NONE),
        new Variant(List.of(Variant.C1), Archive.APPCDS), new Variant(List.of(), Archive.NONE, Variant.AOT_JDK),
        new Variant(List.of(), Archive.AOT, Variant.AOT_JDK))) {
      out.append("# ").append(variant.title()).append('\n')
          .append(ColdStartBenchmark.COMMAND).append(variant.switches()).append('\n');
    }
    return out.append("# -Dbench.runs=7 -Dbench.warm=10000 by default; -Dbench.scenarios=… -Dbench.output=…\n")
        .append("```\n\n").toString();
  }

  static String howItIsMeasured() {
    return "## How it is measured\n\n"
        + "- One runner JVM (`exec` from the `bench` profile, after `package` built the jars) starts Cloud KMS,"
        + " Cloud Storage, Secret Manager, AWS KMS, S3 and SSM emulators on 127.0.0.1, seeds a key per cloud, the"
        + " ciphertexts, one JSON object `{\"username\",\"password\"}`, ten Secret Manager secrets and ten"
        + " SecureString parameters, and builds each scenario's environment: the secretfn scenarios hold only"
        + " `gcp-kms://…?ciphertext=` / `aws-kms://…?ciphertext=` references and `gs://` / `s3://…#field`"
        + " references (the managed-store scenarios `gcp-sm://` / `ssm://` ones), plus the emulator endpoints"
        + " (`SECRETFN_*_EMULATOR_HOST`), which every scenario of a runtime gets alike.\n"
        + "- GCF: `java -jar java-function-invoker-2.0.0.jar --classpath <…-gcf.jar> --target <class>` in a fresh"
        + " JVM (`InvokerProcess`, default JVM flags); the clock starts just before the process is spawned and"
        + " stops when the first `GET /` returns 200 (the runner retries every 2 ms while the port refuses).\n"
        + "- Lambda: the `…-lambda.jar` extracted once into a task root, the runtime interface client 2.10.1"
        + " (`AWSLambda <class>`, `-XX:TieredStopAtLevel=1` as `LambdaRuntimeClientProcess` starts it) against a"
        + " fresh `LambdaRuntimeEmulator`; the clock starts just before the process is spawned and stops when"
        + " the first invocation's response is posted to the Runtime API.\n"
        + "- Each run starts every scenario once at 0 ms and once at 30 ms added latency per emulator request,"
        + " scenarios interleaved, after one untimed warm-up round (`-Dbench.warmup`). The jars' class counts"
        + " are their `.class` entries. secretfn's own figures are parsed from its start-up log lines"
        + " (`secretfn resolved N secrets with M fetches in X ms`, `… ready in X ms`).\n"
        + "- The naive comparator (issue 5) is the seed's way: at start-up, one client per source with the"
        + " library's default settings decrypts the 8 bare ciphertexts one after another (`KMS_CRYPTO_KEY_ID`;"
        + " on Lambda with the console's `LambdaFunctionName` context), then reads the JSON object and picks"
        + " the 2 fields. GCF: google-cloud-kms over its default gRPC transport, against a gRPC Cloud KMS"
        + " emulator (`GrpcKmsEmulator`, same keys and ciphertexts as the REST one); only the endpoint, a"
        + " plaintext channel and no credentials differ from production. Lambda: `KmsClient` / `S3Client`"
        + " defaults (Apache 5 HTTP client), endpoints from `AWS_ENDPOINT_URL_KMS` / `_S3`, S3 path-style."
        + " Each has its own jar with the libraries' full default closure (modules"
        + " `framework/benchmarks-naive-gcf` and `-lambda`).\n"
        + "- The physical floor is the empty function plus one plain JDK `HttpURLConnection` GET of the JSON"
        + " object on the runtime's storage emulator, made in the function's constructor as a secret fetch would"
        + " be: the least any start-up that reads a secret over the network costs. The framework overhead is the"
        + " 10-secret scenario's declarations and handler with an in-memory source instead of the stores"
        + " (`mem://` references; Dagger, parser, resolver, its threads and logging, no network).\n"
        + "- The official-client scenarios (`*-one-official`, `*-ten-official`, `gcf-sm-ten-official`,"
        + " `lambda-ssm-ten-official`) run the 1- and 10-secret scenarios and the managed-store ones below (Secret"
        + " Manager, SSM batched) with each store's `*ClientTransportModule` added to the component, the same"
        + " references, from the jars of `framework/benchmarks-official`: the 1- and 10-secret ones from its `gcf`"
        + " and `lambda` jars, which hold no managed store, the managed-store ones from its `gcf-managed` and"
        + " `lambda-managed` jars, which hold no KMS or storage; the runner leaves them out when their jar was not"
        + " built.\n"
        + "- The managed-store scenarios read the 10-secret scenario's variables, each from a store entry of its"
        + " own, pinned: `gcf-sm-ten` ten Secret Manager versions"
        + " (`gcp-sm://projects/…/secrets/…/versions/1`, one AccessSecretVersion each, in parallel);"
        + " `lambda-ssm-ten` ten SecureString parameters (`ssm:///secretfn-bench/…?version=1`), which the SSM"
        + " store batches into one `GetParameters` call; `lambda-ssm-ten-separate` the same parameters with one"
        + " call each, in parallel: the benchmark's own component binds the SSM source behind a decorator that"
        + " withholds the resolver's plan (`expect`), so the source reads each parameter alone, as a store"
        + " without batching would. The emulator request counts below show the difference (1 SSM request against"
        + " 10). `gcf-sm-ten-official` reads `gcf-sm-ten`'s versions through google-cloud-secretmanager's REST"
        + " client (`SecretManagerClientTransportModule`, 10 requests alike), `lambda-ssm-ten-official`"
        + " `lambda-ssm-ten`'s parameters through the AWS SDK's `SsmClient` (`SsmClientTransportModule`, batched"
        + " alike: 1 SSM request): the lean and the official managed-store starts side by side.\n"
        + "- `-Dbench.jdk` selects the JDK: the bench profile starts the runner on it, and the runner starts"
        + " every function JVM and `jcmd` from its own `java.home`, so a run is one JDK build throughout (the"
        + " emulators, which run in the runner, change JDK with it). `-Dbench.aot=true` (JDK 25+)"
        + " trains one AOT cache per scenario (`-XX:AOTCacheOutput`, JEP 514's one step) and requires it in every"
        + " timed start (`-XX:AOTMode=on -XX:AOTCache=…`).\n"
        + "- The scenario functions are in `framework/benchmarks/src/main` and the naive modules; the runner"
        + " in `framework/benchmarks/src/test`. `-Dbench.jvmOptions` adds flags to every function JVM"
        + " (after the Lambda client's own `-XX:TieredStopAtLevel=1`, so they win).\n";
  }
}
