package dev.secretfn.check;

import static dev.secretfn.check.FunctionFixture.GCS;
import static dev.secretfn.check.FunctionFixture.method;
import static dev.secretfn.check.FunctionFixture.required;
import static dev.secretfn.check.FunctionFixture.syntax;
import static dev.secretfn.check.FunctionFixture.unsupported;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform team's own syntaxes, compiled into the function's jar only (the check's classpath does not have
 * them): a package-private {@code @Binds} implementation and a static {@code @Provides} method, built by
 * reflection through a class loader over the jar.
 */
class SyntaxesTest {
  static final String SYNTAX = String.join("\n",
      "package acme;",
      "import dev.secretfn.ref.*;",
      "import dev.secretfn.testing.NamedSecret;",
      "final class AcmeSyntax implements ReferenceSyntax {",
      "  AcmeSyntax() {}",
      "  public Scheme scheme() { return Scheme.of(\"acme\"); }",
      "  public SecretReference parse(ReferenceParts parts) {",
      "    parts.noQuery();",
      "    return new NamedSecret(scheme(), parts.name(), parts.field());",
      "  }",
      "}");
  static final String MODULE = String.join("\n",
      "package acme;",
      "import dev.secretfn.ref.*;",
      "public final class AcmeModule {",
      "  private AcmeModule() {}",
      "  private static ReferenceSyntax vaultSyntax() {",
      "    return new ReferenceSyntax() {",
      "      public Scheme scheme() { return Scheme.of(\"acme-vault\"); }",
      "      public SecretReference parse(ReferenceParts parts) {",
      "        throw new InvalidReferenceException(\"acme-vault references name a path\");",
      "      }",
      "    };",
      "  }",
      "}");

  @TempDir Path dir;
  FunctionFixture fixture;

  @BeforeEach
  void compileTheFunctionsOwnSyntaxes() throws IOException {
    fixture = FunctionFixture.in(dir).secrets("app.Secrets", required("A"), required("B"), required("C"));
    Path sources = Files.createDirectories(dir.resolve("src/acme"));
    Path syntax = Files.writeString(sources.resolve("AcmeSyntax.java"), SYNTAX, UTF_8);
    Path module = Files.writeString(sources.resolve("AcmeModule.java"), MODULE, UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status = javac.run(null, null, null, "--release", "17", "-classpath", System.getProperty("java.class.path"),
        "-d", fixture.classes().toString(), syntax.toString(), module.toString());
    assertThat(status).isZero();
  }

  @Test
  void bindsAndStaticProvides_ofTheFunctionsJar_areBuiltAndRead() throws Exception {
    Path jar = fixture.component("app.Component", "app.Secrets", GCS, syntax("acme.AcmeModule", "acme.AcmeSyntax"),
        method("acme.AcmeModule", "vaultSyntax")).jar(dir.resolve("f.jar"));

    CheckReport report = check(jar, "A=acme://db-password", "B=acme-vault://x", "C=gs://secrets/c?generation=2");

    assertThat(report.lines()).containsExactly(report.lines().get(0),
        "ERROR B: invalid acme-vault:// reference: acme-vault references name a path; fix: write the value in a"
            + " form from docs/references.md",
        "1 error, 0 warnings");
  }

  @Test
  void bindingsTheCheckCannotCall_areSaid_andTheirSchemesNotCalledUnknown() throws Exception {
    Path jar = fixture.component("app.Component", "app.Secrets", GCS,
        unsupported("acme.AcmeModule", "configured")).jar(dir.resolve("f.jar"));

    CheckReport report = check(jar, "A=acme://db-password", "B=nope://x", "C=gs://secrets/c?generation=2");

    assertThat(report.lines()).containsExactly(report.lines().get(0),
        "NOTE: the component binds reference syntaxes the check cannot build (a @Provides with parameters, or"
            + " @ElementsIntoSet): acme.AcmeModule.configured(); values of their schemes are not checked",
        "NOTE A: its scheme acme:// is none of the component's syntaxes that the check could build; not checked,"
            + " as the component also binds acme.AcmeModule.configured()",
        "NOTE B: its scheme nope:// is none of the component's syntaxes that the check could build; not checked,"
            + " as the component also binds acme.AcmeModule.configured()",
        "0 errors, 0 warnings");
  }

  @Test
  void syntaxMissingFromTheJar_isAUsageErrorNamingIt() throws Exception {
    Path jar = fixture.component("app.Component", "app.Secrets", syntax("acme.AcmeModule", "acme.Gone"))
        .jar(dir.resolve("f.jar"));
    Path env = Files.writeString(dir.resolve("f.env"), "A=acme://x\n", UTF_8);

    CheckRun run = CheckRun.of("--jar", jar.toString(), "--env-file", env.toString());

    assertThat(run.status).isEqualTo(2);
    assertThat(run.err).isEqualTo("secretfn check: cannot load the reference syntax acme.Gone that"
        + " acme.AcmeModule binds (ClassNotFoundException): give the function's whole runtime classpath\n");
  }

  @Test
  void noComponentDescriptor_checksEverySecretsDescriptorAgainstTheBuiltInStores() throws Exception {
    Path jar = fixture.jar(dir.resolve("old.jar"));

    CheckReport report = check(jar, "A=acme://x", "B=vault://secret/b?version=1#b", "C=ssm:///c?version=1");

    assertThat(report.lines()).containsExactly(
        "secretfn check: function " + jar + " against env file " + dir.resolve("f.env") + ": 3 declared secrets",
        "NOTE: the function has no component descriptor (it was built before secretfn-compiler wrote them): every"
            + " secrets descriptor is checked, against all of the check's built-in stores",
        report.lines().get(2),
        "1 error, 0 warnings");
    assertThat(report.lines().get(2)).startsWith("ERROR A: unknown scheme 'acme://'; this component reads ");
  }

  private CheckReport check(Path jar, String... lines) throws Exception {
    Path env = Files.writeString(dir.resolve("f.env"), String.join("\n", lines) + "\n", UTF_8);
    return DeploymentCheck.run(CheckRequest.builder().function(jar).classpath(List.of()).envFile(env).build());
  }
}
