package dev.secretfn.bench.runner;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a {@code -Xlog:class+load=info} log: where each class came from, and which package group it belongs to,
 * so that the report can say which libraries a start-up loads. The counts stand in for time: defining, verifying
 * and initialising classes is most of what a cold start does before its first answer.
 */
final class ClassLoadLog {
  private static final String TAG = "[class,load] ";
  private static final String SOURCE = " source: ";
  /** Umbrella packages whose third segment says too little ("software.amazon.awssdk"): one more segment. */
  private static final List<String> UMBRELLAS = List.of("software.amazon.awssdk", "com.google.cloud",
      "com.google.api", "com.fasterxml.jackson");
  private static final List<String> JDK_ROOTS = List.of("java", "javax", "jdk", "sun");

  private ClassLoadLog() {}

  /** Where a loaded class came from. */
  enum Origin {
    /** The JDK's modules ({@code jrt:/}) or a CDS archive / AOT cache (which may hold any class it was trained on). */
    JDK,
    /** The scenario's jar, or the task root it was extracted into. */
    FUNCTION,
    /** The runtime's own jars: the invoker, the runtime interface client. */
    RUNTIME,
    /** Spun at run time: lambda proxies, lambda forms, dynamic proxies. */
    GENERATED
  }

  /** One loaded class: its binary name (hidden classes keep their {@code /0x…} suffix) and origin. */
  record Loaded(String className, Origin origin) {
    /** The package group ({@link #group}), marked "(generated)" for classes spun at run time. */
    String groupLabel() {
      return origin == Origin.GENERATED ? group(className) + " (generated)" : group(className);
    }
  }

  /**
   * One log line as a loaded class; empty for other lines. {@code functionJar} is the scenario jar's file name,
   * which the Lambda task root's directory name also carries.
   */
  static Optional<Loaded> parse(String line, String functionJar) {
    int tag = line.indexOf(TAG);
    int source = line.indexOf(SOURCE, tag + 1);
    if (tag < 0 || source < 0) {
      return Optional.empty();
    }
    String name = line.substring(tag + TAG.length(), source).trim();
    String from = line.substring(source + SOURCE.length());
    Origin origin;
    if (from.startsWith("jrt:/") || from.startsWith("shared objects file")) {
      origin = Origin.JDK;
    } else if (from.contains(functionJar)) {
      origin = Origin.FUNCTION;
    } else if (from.startsWith("file:") || from.startsWith("jar:")) {
      origin = Origin.RUNTIME;
    } else {
      // __JVM_LookupDefineClass__, __dynamic_proxy__, or a lambda proxy logged with its defining class as source.
      origin = Origin.GENERATED;
    }
    return Optional.of(new Loaded(name, origin));
  }

  /** Every class in {@code lines}. */
  static List<Loaded> parseAll(List<String> lines, String functionJar) {
    return lines.stream().flatMap(line -> parse(line, functionJar).stream()).toList();
  }

  /** Classes per {@link Loaded#groupLabel()}, sorted by label. */
  static Map<String, Long> byGroup(List<Loaded> classes) {
    Map<String, Long> groups = new TreeMap<>();
    classes.forEach(loaded -> groups.merge(loaded.groupLabel(), 1L, Long::sum));
    return groups;
  }

  /** Classes per origin. */
  static Map<Origin, Long> byOrigin(List<Loaded> classes) {
    Map<Origin, Long> origins = new java.util.EnumMap<>(Origin.class);
    for (Origin origin : Origin.values()) {
      origins.put(origin, 0L);
    }
    classes.forEach(loaded -> origins.merge(loaded.origin(), 1L, Long::sum));
    return origins;
  }

  /**
   * The package group of a class: two segments of the JDK's own packages ({@code java.net}, {@code sun.security}),
   * three of {@code com.sun} and of libraries ({@code com.google.protobuf}, {@code dev.secretfn.gcp}), four under
   * the clouds' umbrella packages ({@code software.amazon.awssdk.core}), never the class's own simple name.
   */
  static String group(String className) {
    String name = className;
    int hidden = name.indexOf('/');
    if (hidden >= 0) {
      name = name.substring(0, hidden);
    }
    int lastDot = name.lastIndexOf('.');
    if (lastDot < 0) {
      return "(default package)";
    }
    String[] parts = name.substring(0, lastDot).split("\\.");
    int keep;
    if (JDK_ROOTS.contains(parts[0])) {
      keep = 2;
    } else if (parts.length >= 3 && UMBRELLAS.contains(parts[0] + "." + parts[1] + "." + parts[2])) {
      keep = 4;
    } else {
      keep = 3;
    }
    return String.join(".", java.util.Arrays.copyOf(parts, Math.min(keep, parts.length)));
  }
}
