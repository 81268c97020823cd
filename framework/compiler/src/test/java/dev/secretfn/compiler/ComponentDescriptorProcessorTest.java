package dev.secretfn.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.annotation.processing.Processor;
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

/**
 * Compiles components with both processors, in process, and reads the component descriptors they write. Dagger
 * itself does not run here, so no factory class exists: the descriptor names it as Dagger will.
 */
class ComponentDescriptorProcessorTest {
  @TempDir Path out;

  private static final String SYNTAXES = String.join("\n",
      "package store;",
      "import dev.secretfn.ref.*;",
      "public final class AcmeSyntax implements ReferenceSyntax {",
      "  @jakarta.inject.Inject AcmeSyntax() {}",
      "  public Scheme scheme() { return Scheme.of(\"acme\"); }",
      "  public SecretReference parse(ReferenceParts parts) { throw new InvalidReferenceException(\"no\"); }",
      "}");

  private static final String STORE_MODULES = String.join("\n",
      "package store;",
      "import dagger.Binds;",
      "import dagger.Module;",
      "import dagger.Provides;",
      "import dagger.multibindings.*;",
      "import dev.secretfn.ref.ReferenceSyntax;",
      "import java.util.Set;",
      "@Module(includes = AcmeModule.Inner.class)",
      "public abstract class AcmeModule {",
      "  @Binds @IntoSet abstract ReferenceSyntax acme(AcmeSyntax syntax);",
      "  @Module public abstract static class Inner {",
      "    @Provides @IntoSet static ReferenceSyntax other() { return null; }",
      "    @Provides @ElementsIntoSet static Set<ReferenceSyntax> more() { return Set.of(); }",
      "    @Provides @IntoSet static ReferenceSyntax withArgument(String s) { return null; }",
      "  }",
      "}");

  @Test
  void component_listsItsDeclarationsSyntaxesAndModules() throws IOException {
    Path storeClasses = compile("store", Map.of("store.AcmeSyntax", SYNTAXES, "store.AcmeModule", STORE_MODULES),
        List.of(), List.of());
    Map<String, String> app = Map.of(
        "app.OrderSecrets", String.join("\n",
            "package app;",
            "import dev.secretfn.*;",
            "@SecretDeclarations interface OrderSecrets {",
            "  @SecretVar(\"DB_PASS\") Secret dbPass();",
            "}"),
        "app.Outer", String.join("\n",
            "package app;",
            "import dev.secretfn.*;",
            "final class Outer {",
            "  @SecretDeclarations interface Keys { @SecretVar(\"KEY\") Secret key(); }",
            "  @dagger.Component(modules = {OrderSecretsModule.class, Outer_KeysModule.class,",
            "      store.AcmeModule.class})",
            "  interface Function { Object handler(); }",
            "}"));
    Path classes = compile("app", app, List.of(storeClasses),
        List.of(new SecretDeclarationsProcessor(), new ComponentDescriptorProcessor()));

    assertThat(descriptor(classes, "app.Outer.Function")).isEqualTo(String.join("\n",
        "{\"format\":1,\"component\":\"app.Outer.Function\",\"factory\":\"app.DaggerOuter_Function\",",
        "\"declarations\":[\"app.OrderSecrets\",\"app.Outer.Keys\"],",
        "\"syntaxes\":[",
        "  {\"module\":\"store.AcmeModule\",\"class\":\"store.AcmeSyntax\"},",
        "  {\"module\":\"store.AcmeModule$Inner\",\"method\":\"more\",\"unsupported\":true},",
        "  {\"module\":\"store.AcmeModule$Inner\",\"method\":\"other\"},",
        "  {\"module\":\"store.AcmeModule$Inner\",\"method\":\"withArgument\",\"unsupported\":true}",
        "],",
        "\"modules\":[\"app.OrderSecretsModule\",\"app.Outer_KeysModule\",\"dev.secretfn.internal.ResolutionModule\","
            + "\"store.AcmeModule\",\"store.AcmeModule$Inner\"]}",
        ""));
  }

  @Test
  void componentWithoutSecrets_hasEmptyLists() throws IOException {
    Path classes = compile("app", Map.of("app.Plain", String.join("\n",
            "package app;",
            "@dagger.Component interface Plain { String name(); }")),
        List.of(), List.of(new ComponentDescriptorProcessor()));

    assertThat(descriptor(classes, "app.Plain")).isEqualTo(String.join("\n",
        "{\"format\":1,\"component\":\"app.Plain\",\"factory\":\"app.DaggerPlain\",",
        "\"declarations\":[],",
        "\"syntaxes\":[],",
        "\"modules\":[]}",
        ""));
  }

  @Test
  void processor_neverClaimsComponent_soDaggerStillSeesIt() {
    ComponentDescriptorProcessor processor = new ComponentDescriptorProcessor();
    assertThat(processor.getSupportedAnnotationTypes()).containsExactly("dagger.Component");
    // process() returns false on every round; the compilations above run it over real components.
  }

  private static String descriptor(Path classes, String component) throws IOException {
    return Files.readString(classes.resolve(ComponentDescriptorProcessor.descriptorPath(component)),
        StandardCharsets.UTF_8);
  }

  /** Compiles {@code sources} (by class name) into a new directory, with {@code processors} (none: -proc:none). */
  private Path compile(String name, Map<String, String> sources, List<Path> extraClassPath,
      List<Processor> processors) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path classes = Files.createDirectories(out.resolve(name + "-classes"));
    Path generated = Files.createDirectories(out.resolve(name + "-generated"));
    List<JavaFileObject> files = new ArrayList<>();
    sources.forEach((className, source) -> files.add(new SimpleJavaFileObject(
        URI.create("string:///" + className.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    }));
    StringBuilder classPath = new StringBuilder(System.getProperty("java.class.path"));
    extraClassPath.forEach(p -> classPath.append(File.pathSeparator).append(p));
    try (StandardJavaFileManager manager = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      manager.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
      manager.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(generated));
      // Dagger does not run here, so its annotations go unclaimed: silence only that lint.
      List<String> options = new ArrayList<>(List.of("-classpath", classPath.toString(), "-Xlint:all",
          "-Xlint:-processing", "-Werror", "--release", "17"));
      if (processors.isEmpty()) {
        options.add("-proc:none");
      }
      JavaCompiler.CompilationTask task = compiler.getTask(null, manager, diagnostics, options, null, files);
      task.setProcessors(processors);
      task.call();
    }
    List<String> errors = diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
        .map(d -> d.getMessage(Locale.ROOT))
        .collect(Collectors.toList());
    assertThat(errors).isEmpty();
    return classes;
  }
}
