package dev.secretfn.check;

import static dev.secretfn.check.FunctionFixture.GCS;
import static dev.secretfn.check.FunctionFixture.S3;
import static dev.secretfn.check.FunctionFixture.required;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A jar with two components: the one named, else the one whose factory the entry point calls. */
class ComponentChoiceTest {
  static final String FACTORY_A = EntryFixtures.FactoryA.class.getName();
  static final String FACTORY_B = EntryFixtures.FactoryB.class.getName();
  static final String ENTRY_A = EntryFixtures.EntryA.class.getName();

  @TempDir Path dir;
  Path jar;
  Path env;

  @BeforeEach
  void function() throws IOException {
    FunctionFixture fixture = FunctionFixture.in(dir)
        .secrets("app.GcpSecrets", required("DB_PASS"))
        .secrets("app.AwsSecrets", required("API_KEY"))
        .component("app.GcpComponent", FACTORY_A, List.of("app.GcpSecrets"), GCS)
        .component("app.AwsComponent", FACTORY_B, List.of("app.AwsSecrets"), S3);
    for (String name : List.of("EntryFixtures$EntryA.class", "EntryFixtures.class")) {
      try (InputStream classFile = EntryFixtures.class.getResourceAsStream(name)) {
        Path target = fixture.classes().resolve("dev/secretfn/check/" + name);
        Files.createDirectories(target.getParent());
        Files.write(target, classFile.readAllBytes());
      }
    }
    jar = fixture.jar(dir.resolve("function.jar"));
    env = Files.writeString(dir.resolve("f.env"), "DB_PASS=gs://secrets/db?generation=1\nAPI_KEY=s3://secrets/api?versionId=1\n",
        UTF_8);
  }

  @Test
  void namedComponent_isChecked() {
    CheckRun run = CheckRun.of("--jar", jar.toString(), "--env-file", env.toString(), "--component",
        "app.AwsComponent");

    assertThat(run.status).isZero();
    assertThat(run.lines().get(0)).startsWith("secretfn check: component app.AwsComponent against env file ")
        .endsWith(": 1 declared secret");
  }

  @Test
  void entryPoint_choosesTheComponentWhoseFactoryItCalls() {
    CheckRun run = CheckRun.of("--jar", jar.toString(), "--env-file", env.toString(), "--entry-point", ENTRY_A);

    assertThat(run.status).isZero();
    assertThat(run.lines().get(0)).startsWith("secretfn check: component app.GcpComponent against env file ");
  }

  @Test
  void neither_isAUsageError_listingTheComponents() {
    CheckRun run = CheckRun.of("--jar", jar.toString(), "--env-file", env.toString());

    assertThat(run.status).isEqualTo(2);
    assertThat(run.out).isEmpty();
    assertThat(run.err).isEqualTo("secretfn check: the function has 2 components [app.AwsComponent,"
        + " app.GcpComponent]: name the function's component (--component) or its entry point class"
        + " (--entry-point)\n");
  }

  @Test
  void unknownComponentOrEntryPoint_isAUsageError() throws Exception {
    FunctionFiles files = FunctionFiles.read(List.of(jar));

    assertThatThrownBy(() -> ComponentChoice.choose(files, Optional.of("app.Nope"), Optional.empty()))
        .isInstanceOf(CheckException.class)
        .hasMessage("the function has no component app.Nope; its components are [app.AwsComponent,"
            + " app.GcpComponent]: name one of them");
    assertThatThrownBy(() -> ComponentChoice.choose(files, Optional.empty(), Optional.of("app.Missing")))
        .hasMessage("the entry point class app.Missing is not in the function's jar or classpath: give its fully"
            + " qualified name, or name the component (--component)");
    // The outer class names both nested factories (its InnerClasses attribute): ambiguous.
    assertThatThrownBy(() -> ComponentChoice.choose(files, Optional.empty(),
        Optional.of(EntryFixtures.class.getName())))
        .hasMessage("the entry point " + EntryFixtures.class.getName() + " references the factory of 2 of the"
            + " function's components [app.AwsComponent, app.GcpComponent]: name the function's component"
            + " (--component)");
  }

  @Test
  void classConstants_listTheClassesAClassFileNames() throws IOException {
    byte[] classFile;
    try (InputStream in = EntryFixtures.EntryA.class.getResourceAsStream("EntryFixtures$EntryA.class")) {
      classFile = in.readAllBytes();
    }

    assertThat(ClassConstants.classNames(classFile)).contains(FACTORY_A, ENTRY_A, "java.lang.Object")
        .doesNotContain(FACTORY_B);
    assertThatThrownBy(() -> ClassConstants.classNames("not a class".getBytes(UTF_8)))
        .isInstanceOf(IOException.class);
  }
}
