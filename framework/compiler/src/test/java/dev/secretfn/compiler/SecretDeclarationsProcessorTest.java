package dev.secretfn.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiles user-style sources with the processor, in process, against core on the test class path. */
class SecretDeclarationsProcessorTest {
  @TempDir Path out;

  @Test
  void process_validInterface_generatesModuleThatCompiles() throws IOException {
    Result result = compile("app.OrderSecrets", String.join("\n",
        "package app;",
        "import dev.secretfn.*;",
        "import dev.secretfn.Kms;",
        "import java.util.Optional;",
        "@SecretDeclarations",
        "interface OrderSecrets {",
        "  @SecretVar(\"DB_USER\") String dbUser();",
        "  @SecretVar(\"DB_PASS\") @Encrypted(Kms.GCP) Secret dbPass();",
        "  @SecretVar(\"PARTNER\") Optional<Secret> partner();",
        "  @SecretVar(\"REGION_KEY\") Optional<String> regionKey();",
        "  @SecretVar(\"CERT\") byte[] cert();",
        "  @SecretVar(\"PIN\") char[] pin();",
        "  @SecretVar(\"MODE\") @DefaultValue(\"quote\\\" \\\\ \\u00e9\") String mode();",
        "}"));

    assertThat(result.errors()).isEmpty();
    String module = result.generated("app/OrderSecretsModule.java");
    assertThat(module)
        .contains("@dagger.Module(includes = dev.secretfn.internal.ResolutionModule.class)")
        .contains("public final class OrderSecretsModule")
        .contains("dev.secretfn.SecretDeclaration.required(\"DB_USER\").text()")
        .contains("dev.secretfn.SecretDeclaration.required(\"DB_PASS\").encryptedWith(dev.secretfn.Kms.GCP)")
        .contains("dev.secretfn.SecretDeclaration.optional(\"PARTNER\"),")
        .contains("dev.secretfn.SecretDeclaration.optional(\"REGION_KEY\").text()")
        .contains("dev.secretfn.SecretDeclaration.optional(\"MODE\", \"quote\\\" \\\\ \\u00e9\").text()")
        .contains("@dev.secretfn.SecretVar(\"DB_PASS\")\n  static dev.secretfn.Secret dbPass(")
        .contains("static java.lang.String dbUser(dev.secretfn.ResolvedSecrets secrets) {\n"
            + "    return secrets.get(\"DB_USER\").revealString();")
        .contains("static java.util.Optional<dev.secretfn.Secret> partner(dev.secretfn.ResolvedSecrets secrets) {\n"
            + "    return secrets.find(\"PARTNER\");")
        .contains("secrets.find(\"REGION_KEY\").map(dev.secretfn.Secret::revealString)")
        .contains("secrets.get(\"CERT\").revealBytes()")
        .contains("secrets.get(\"PIN\").revealChars()");
  }

  @Test
  void process_nestedInterface_generatesFlatName() throws IOException {
    Result result = compile("app.Outer", String.join("\n",
        "package app;",
        "import dev.secretfn.*;",
        "class Outer {",
        "  @SecretDeclarations interface Secrets { @SecretVar(\"A\") Secret a(); }",
        "}"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.generated("app/Outer_SecretsModule.java")).contains("class Outer_SecretsModule");
  }

  @Test
  void process_methodWithoutSecretVar_reportsErrorOnMethod() throws IOException {
    assertThat(errorsFor("@SecretDeclarations interface S { Secret a(); }"))
        .containsExactly("each method declares one secret: annotate it with @SecretVar(\"VARIABLE_NAME\")");
  }

  @Test
  void process_unsupportedReturnType_namesAllowedTypes() throws IOException {
    assertThat(errorsFor("@SecretDeclarations interface S { @SecretVar(\"A\") Integer a(); }"))
        .singleElement().asString()
        .contains("Secret, String, byte[], char[], Optional<Secret> or Optional<String>")
        .contains("java.lang.Integer");
  }

  @Test
  void process_invalidVariableName_reportsRule() throws IOException {
    assertThat(errorsFor("@SecretDeclarations interface S { @SecretVar(\"1-BAD\") Secret a(); }"))
        .singleElement().asString().contains("environment variable name");
  }

  @Test
  void process_duplicateVariable_reportsSecondDeclaration() throws IOException {
    assertThat(errorsFor(
            "@SecretDeclarations interface S { @SecretVar(\"A\") Secret a(); @SecretVar(\"A\") String b(); }"))
        .containsExactly("A is declared twice in this interface: declare each variable once");
  }

  @Test
  void process_defaultOnOptional_isRejected() throws IOException {
    assertThat(errorsFor("@SecretDeclarations interface S {"
            + " @SecretVar(\"A\") @DefaultValue(\"x\") java.util.Optional<Secret> a(); }"))
        .singleElement().asString().contains("never absent");
  }

  @Test
  void process_parametersOrClass_areRejected() throws IOException {
    assertThat(errorsFor("@SecretDeclarations interface S { @SecretVar(\"A\") Secret a(int i); }"))
        .singleElement().asString().contains("takes no parameters");
    assertThat(errorsFor("@SecretDeclarations abstract class S { }"))
        .singleElement().asString().contains("goes on an interface");
    assertThat(errorsFor("@SecretDeclarations interface S { }"))
        .singleElement().asString().contains("declares no secret");
  }

  @Test
  void process_refreshingSecretAndString_declareRefreshingAndBindTheirHolders() throws IOException {
    Result result = compile("app.Rotating", String.join("\n",
        "package app;",
        "import dev.secretfn.*;",
        "@SecretDeclarations",
        "interface Rotating {",
        "  @SecretVar(\"DB_PASS\") @Refresh(maxAgeSeconds = 300) Refreshing<Secret> dbPass();",
        "  @SecretVar(\"API_KEY\") @Refresh(maxAgeSeconds = 1) Refreshing<String> apiKey();",
        "  @SecretVar(\"PLAIN\") Secret plain();",
        "}"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.generated("app/RotatingModule.java"))
        .contains("dev.secretfn.SecretDeclaration.required(\"DB_PASS\")"
            + ".refreshing(java.time.Duration.ofSeconds(300))")
        .contains("dev.secretfn.SecretDeclaration.required(\"API_KEY\").text()"
            + ".refreshing(java.time.Duration.ofSeconds(1))")
        .contains("dev.secretfn.SecretDeclaration.required(\"PLAIN\"));")
        .contains("@dev.secretfn.SecretVar(\"DB_PASS\")\n"
            + "  static dev.secretfn.Refreshing<dev.secretfn.Secret> dbPass(dev.secretfn.ResolvedSecrets secrets) {\n"
            + "    return secrets.refreshing(\"DB_PASS\");")
        .contains("static dev.secretfn.Refreshing<java.lang.String> apiKey(dev.secretfn.ResolvedSecrets secrets) {\n"
            + "    return secrets.refreshingString(\"API_KEY\");");
  }

  @Test
  void process_refreshOnOtherReturnType_isRejectedNamingTheType() throws IOException {
    assertThat(errorsFor("@SecretDeclarations interface S {"
            + " @SecretVar(\"A\") @Refresh(maxAgeSeconds = 60) Secret a(); }"))
        .singleElement().asString()
        .contains("@Refresh goes on a method that returns Refreshing<Secret> or Refreshing<String>")
        .contains("not dev.secretfn.Secret");
  }

  @Test
  void process_refreshingWithoutRefresh_asksForTheMaximumAge() throws IOException {
    assertThat(errorsFor("@SecretDeclarations interface S { @SecretVar(\"A\") Refreshing<Secret> a(); }"))
        .containsExactly(
            "a Refreshing secret needs its maximum age: add @Refresh(maxAgeSeconds = N), N at least 1");
  }

  @Test
  void process_refreshMaxAgeBelowOneSecond_isRejected() throws IOException {
    assertThat(errorsFor("@SecretDeclarations interface S {"
            + " @SecretVar(\"A\") @Refresh(maxAgeSeconds = 0) Refreshing<Secret> a(); }"))
        .containsExactly("@Refresh(maxAgeSeconds) must be at least 1, not 0");
    assertThat(errorsFor("@SecretDeclarations interface S {"
            + " @SecretVar(\"A\") @Refresh(maxAgeSeconds = -5) Refreshing<String> a(); }"))
        .containsExactly("@Refresh(maxAgeSeconds) must be at least 1, not -5");
  }

  @Test
  void process_refreshingOfOtherType_namesTheTwoAllowed() throws IOException {
    assertThat(errorsFor("@SecretDeclarations interface S {"
            + " @SecretVar(\"A\") @Refresh(maxAgeSeconds = 60) Refreshing<byte[]> a(); }"))
        .singleElement().asString()
        .contains("Refreshing<Secret> or Refreshing<String>, not dev.secretfn.Refreshing<byte[]>");
  }

  @Test
  void process_refreshingWithDefault_isRejected() throws IOException {
    assertThat(errorsFor("@SecretDeclarations interface S {"
            + " @SecretVar(\"A\") @Refresh(maxAgeSeconds = 60) @DefaultValue(\"x\") Refreshing<String> a(); }"))
        .singleElement().asString().contains("a refreshing secret is required and has no default");
  }

  @Test
  void process_everyKindOfDeclaration_describesEachFieldSortedByVariable() throws IOException {
    Result result = compile("app.OrderSecrets", String.join("\n",
        "package app;",
        "import dev.secretfn.*;",
        "import java.util.Optional;",
        "@SecretDeclarations",
        "interface OrderSecrets {",
        "  @SecretVar(\"DB_USER\") String dbUser();",
        "  @SecretVar(\"DB_PASS\") @Encrypted(Kms.GCP) Secret dbPass();",
        "  @SecretVar(\"PARTNER\") @Encrypted(Kms.AWS) Optional<Secret> partner();",
        "  @SecretVar(\"REGION_KEY\") Optional<String> regionKey();",
        "  @SecretVar(\"CERT\") byte[] cert();",
        "  @SecretVar(\"PIN\") char[] pin();",
        "  @SecretVar(\"MODE\") @DefaultValue(\"do-not-ship-this-default\") String mode();",
        "  @SecretVar(\"API_KEY\") @Refresh(maxAgeSeconds = 300) Refreshing<String> apiKey();",
        "  @SecretVar(\"ACCESS\") @Encrypted(Kms.AWS) @Refresh(maxAgeSeconds = 1) Refreshing<Secret> access();",
        "}"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.descriptor("app.OrderSecrets")).isEqualTo(String.join("\n",
        "{\"format\":1,\"declarations\":\"app.OrderSecrets\",\"secrets\":[",
        "  {\"variable\":\"ACCESS\",\"type\":\"Secret\",\"required\":true,\"hasDefault\":false,"
            + "\"encrypted\":\"AWS\",\"refreshMaxAgeSeconds\":1},",
        "  {\"variable\":\"API_KEY\",\"type\":\"String\",\"required\":true,\"hasDefault\":false,"
            + "\"encrypted\":null,\"refreshMaxAgeSeconds\":300},",
        "  {\"variable\":\"CERT\",\"type\":\"byte[]\",\"required\":true,\"hasDefault\":false,"
            + "\"encrypted\":null,\"refreshMaxAgeSeconds\":null},",
        "  {\"variable\":\"DB_PASS\",\"type\":\"Secret\",\"required\":true,\"hasDefault\":false,"
            + "\"encrypted\":\"GCP\",\"refreshMaxAgeSeconds\":null},",
        "  {\"variable\":\"DB_USER\",\"type\":\"String\",\"required\":true,\"hasDefault\":false,"
            + "\"encrypted\":null,\"refreshMaxAgeSeconds\":null},",
        "  {\"variable\":\"MODE\",\"type\":\"String\",\"required\":false,\"hasDefault\":true,"
            + "\"encrypted\":null,\"refreshMaxAgeSeconds\":null},",
        "  {\"variable\":\"PARTNER\",\"type\":\"Secret\",\"required\":false,\"hasDefault\":false,"
            + "\"encrypted\":\"AWS\",\"refreshMaxAgeSeconds\":null},",
        "  {\"variable\":\"PIN\",\"type\":\"char[]\",\"required\":true,\"hasDefault\":false,"
            + "\"encrypted\":null,\"refreshMaxAgeSeconds\":null},",
        "  {\"variable\":\"REGION_KEY\",\"type\":\"String\",\"required\":false,\"hasDefault\":false,"
            + "\"encrypted\":null,\"refreshMaxAgeSeconds\":null}",
        "]}",
        ""));
  }

  @Test
  void process_defaultValue_isNeverWrittenToTheDescriptor() throws IOException {
    Result result = compile("app.S", String.join("\n",
        "package app;",
        "import dev.secretfn.*;",
        "@SecretDeclarations interface S {",
        "  @SecretVar(\"A\") @DefaultValue(\"hunter2\") Secret a();",
        "  @SecretVar(\"B\") @DefaultValue(\"\") String b();",
        "}"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.descriptor("app.S"))
        .doesNotContain("hunter2")
        .doesNotContain("\"default\"")
        .contains("{\"variable\":\"A\",\"type\":\"Secret\",\"required\":false,\"hasDefault\":true,")
        .contains("{\"variable\":\"B\",\"type\":\"String\",\"required\":false,\"hasDefault\":true,");
  }

  @Test
  void process_nestedAndNonAsciiInterfaces_getDistinctEscapedDescriptors() throws IOException {
    Result result = compile("app.Outer", String.join("\n",
        "package app;",
        "import dev.secretfn.*;",
        "class Outer {",
        "  @SecretDeclarations interface Secrets { @SecretVar(\"A\") Secret a(); }",
        "  @SecretDeclarations interface Cl\u00e9s { @SecretVar(\"B\") Secret b(); }",
        "}"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.descriptor("app.Outer.Secrets"))
        .startsWith("{\"format\":1,\"declarations\":\"app.Outer.Secrets\",\"secrets\":[\n  {\"variable\":\"A\",");
    assertThat(result.descriptor("app.Outer.Cl\u00e9s"))
        .startsWith("{\"format\":1,\"declarations\":\"app.Outer.Cl\\u00e9s\",\"secrets\":[\n  {\"variable\":\"B\",");
  }

  @Test
  void process_invalidInterface_writesNoDescriptor() throws IOException {
    Result result = compile("app.S", "package app;\nimport dev.secretfn.*;\n"
        + "@SecretDeclarations interface S { @SecretVar(\"A\") Integer a(); }");

    assertThat(result.errors()).isNotEmpty();
    assertThat(result.hasDescriptors()).isFalse();
  }

  @Test
  void jsonString_escapesQuotesBackslashesControlAndNonAscii() {
    assertThat(SecretDeclarationsProcessor.jsonString("a\"b\\c\n\r\t\b\f\u0001\u007f\u00e9\ud83d\ude00/"))
        .isEqualTo("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u007f\\u00e9\\ud83d\\ude00/\"");
  }

  @Test
  void literal_escapesQuotesBackslashesAndNonAscii() {
    assertThat(SecretDeclarationsProcessor.literal("a\"b\\c\n\u00e9"))
        .isEqualTo("\"a\\\"b\\\\c\\n\\u00e9\"");
  }

  private List<String> errorsFor(String body) throws IOException {
    return compile("app.S", "package app;\nimport dev.secretfn.*;\n" + body).errors();
  }

  private Result compile(String className, String source) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path classes = Files.createDirectories(out.resolve("classes"));
    Path generated = Files.createDirectories(out.resolve("generated"));
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
      files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(generated));
      JavaFileObject file = new SimpleJavaFileObject(
          URI.create("string:///" + className.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return source;
        }
      };
      // Dagger does not run here (the testing module runs both processors), so its annotations on the
      // generated module go unclaimed: silence only that lint.
      List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-Xlint:all",
          "-Xlint:-processing", "-Werror", "--release", "17", "-proc:only");
      JavaCompiler.CompilationTask task = compiler.getTask(null, files, diagnostics, options, null, List.of(file));
      task.setProcessors(List.of(new SecretDeclarationsProcessor()));
      task.call();
    }
    List<String> errors = diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
        .map(d -> d.getMessage(Locale.ROOT))
        .collect(Collectors.toList());
    if (errors.isEmpty()) {
      errors = compileGenerated(generated, classes);
    }
    return new Result(errors, generated, classes);
  }

  /** Compiles what the processor wrote, against core and Dagger, to prove it is valid, warning-free Java. */
  private List<String> compileGenerated(Path generated, Path classes) throws IOException {
    List<Path> sources;
    try (Stream<Path> walk = Files.walk(generated)) {
      sources = walk.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
    }
    if (sources.isEmpty()) {
      return List.of();
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
      List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-Xlint:all",
          "-Werror", "--release", "17", "-proc:none");
      compiler.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources)).call();
    }
    List<String> errors = new ArrayList<>();
    diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR || d.getKind() == Diagnostic.Kind.WARNING
            || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING)
        .forEach(d -> errors.add("generated code: " + d.getMessage(Locale.ROOT)));
    return errors;
  }

  private static final class Result {
    private final List<String> errors;
    private final Path generated;
    private final Path classes;

    Result(List<String> errors, Path generated, Path classes) {
      this.errors = errors;
      this.generated = generated;
      this.classes = classes;
    }

    List<String> errors() {
      return errors;
    }

    String generated(String path) throws IOException {
      return Files.readString(generated.resolve(path));
    }

    /** The descriptor the processor wrote to the class output for {@code qualifiedInterface}. */
    String descriptor(String qualifiedInterface) throws IOException {
      return Files.readString(classes.resolve(SecretDeclarationsProcessor.descriptorPath(qualifiedInterface)),
          StandardCharsets.UTF_8);
    }

    boolean hasDescriptors() {
      return Files.exists(classes.resolve("META-INF/secretfn/secrets"));
    }
  }
}
