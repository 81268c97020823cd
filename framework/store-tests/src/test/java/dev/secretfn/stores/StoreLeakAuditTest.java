package dev.secretfn.stores;

import static org.assertj.core.api.Assertions.assertThat;

import dagger.Component;
import dev.secretfn.Environment;
import dev.secretfn.Kms;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ResolverSettings;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolver;
import dev.secretfn.SecretVar;
import dev.secretfn.Step;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.kms.AwsKmsModule;
import dev.secretfn.aws.s3.S3Module;
import dev.secretfn.aws.secretsmanager.SecretsManagerModule;
import dev.secretfn.aws.ssm.SsmModule;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.gcp.kms.CloudKmsModule;
import dev.secretfn.gcp.secretmanager.SecretManagerModule;
import dev.secretfn.gcp.storage.BerglasModule;
import dev.secretfn.gcp.storage.CloudStorageModule;
import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.ReferenceParser;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.Fetch;
import dev.secretfn.testing.CanaryAudit;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Leak audit of every store: each failure scenario ({@link GcpLeakScenarios}, {@link AwsLeakScenarios}) runs against
 * its cloud's emulators, with every store bound, once on the lean transports ({@link AllSources}) and once on the
 * official clients ({@link AllSourcesOnOfficialClients}), and a unique canary plaintext planted in the
 * emulator; the canary (raw, base64 or hex) must appear nowhere: not in the exception's message, its full chain
 * and stack trace, the failures' {@code toString()}, the {@code toString()} of references, fetches, settings,
 * sources and resolved secrets, the log (every level of {@code dev.secretfn}, default levels elsewhere), standard
 * output and error, or any file created under the temp and working directories while the class runs. The happy
 * paths check that a resolved canary is only in the revealed value.
 */
class StoreLeakAuditTest {
  static final String VAR = "SECRET";
  /** Short enough that the deadline scenarios cost well under a second each. */
  static final ResolverSettings SHORT = ResolverSettings.builder()
      .deadline(Duration.ofMillis(400)).initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20)).build();

  /** One audit for the whole class: logs, standard streams and files are checked once more in {@link #end()}. */
  private static CanaryAudit audit;

  @SecretDeclarations
  interface Declared {
    @SecretVar("UNUSED") Optional<Secret> unused();
  }

  /** Every store bound, as a function that uses them all would bind them. */
  @Singleton
  @Component(modules = {StoreLeakAuditTest_DeclaredModule.class, CloudKmsModule.class, CloudStorageModule.class,
      BerglasModule.class, AwsKmsModule.class, S3Module.class, SecretsManagerModule.class, SsmModule.class,
      SecretManagerModule.class, TestDeployment.class})
  interface AllSources extends TestComponent {
    @Component.Factory
    interface Factory {
      AllSources create(TestDeployment deployment);
    }
  }

  /** The same, with each store's official client selected, as a user selects it. */
  @Singleton
  @Component(modules = {StoreLeakAuditTest_DeclaredModule.class, CloudKmsModule.class, CloudStorageModule.class,
      BerglasModule.class, AwsKmsModule.class, S3Module.class, SecretsManagerModule.class, SsmModule.class,
      SecretManagerModule.class, OfficialTransports.class,
      TestDeployment.class})
  interface AllSourcesOnOfficialClients extends TestComponent {
    @Component.Factory
    interface Factory {
      AllSourcesOnOfficialClients create(TestDeployment deployment);
    }
  }

  /** What one scenario deploys: the variable's value, its declaration, the settings and any other variables. */
  record Case(String value, SecretDeclaration declaration, GcpSettings gcpSettings, AwsSettings awsSettings,
      ResolverSettings resolver, Map<String, String> extraVariables) {
    static Case of(String value) {
      return new Case(value, SecretDeclaration.required(VAR), GcpSettings.defaults(), AwsSettings.defaults(),
          SourceTestbed.PATIENT, Map.of());
    }

    Case with(SecretDeclaration d) {
      return new Case(value, d, gcpSettings, awsSettings, resolver, extraVariables);
    }

    Case with(GcpSettings s) {
      return new Case(value, declaration, s, awsSettings, resolver, extraVariables);
    }

    Case with(AwsSettings s) {
      return new Case(value, declaration, gcpSettings, s, resolver, extraVariables);
    }

    Case with(ResolverSettings r) {
      return new Case(value, declaration, gcpSettings, awsSettings, r, extraVariables);
    }

    Case with(Map<String, String> extra) {
      return new Case(value, declaration, gcpSettings, awsSettings, resolver, extra);
    }
  }

  /** A failure scenario: starts its cloud's fixture, plants its canary and returns the deployment, expecting a step. */
  record Scenario<F extends LeakFixture>(Set<Step> steps, Function<CanaryAudit, F> start, Function<F, Case> setup) {}

  /** A start-up that succeeds: starts its cloud's fixture, plants the canaries and returns what to resolve. */
  record HappyPath<F extends LeakFixture>(Function<CanaryAudit, F> start, Function<F, Resolution> setup) {}

  /** The variables, their declarations, and the plaintext each must resolve to. */
  record Resolution(Map<String, String> variables, List<SecretDeclaration> declarations,
      Map<String, String> expected) {}

  private LeakFixture fixture;

  @BeforeAll
  static void begin() {
    audit = CanaryAudit.start()
        .captureAllLevels("dev.secretfn")
        .captureStandardStreams()
        .watchFiles(Path.of(System.getProperty("java.io.tmpdir")), Path.of(System.getProperty("user.dir")));
  }

  @AfterAll
  static void end() {
    audit.close();
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.testbed().close();
      audit.assertAbsentFrom(fixture.testbed().emulatorState().toArray());
    }
  }

  /** Every failure scenario on each transport (every store has both). */
  static Stream<Arguments> failures() {
    return Arrays.stream(Transport.values()).flatMap(transport -> Stream.of(GcpLeakScenarios.failures(),
        SecretManagerLeakScenarios.failures(), AwsLeakScenarios.failures()).flatMap(s -> s)
        .map(scenario -> Arguments.of(transport, scenario)));
  }

  static Stream<Arguments> happyPaths() {
    return Arrays.stream(Transport.values()).flatMap(transport -> Stream.of(GcpLeakScenarios.happyPaths(),
        SecretManagerLeakScenarios.happyPaths(), AwsLeakScenarios.happyPaths()).flatMap(s -> s)
        .map(path -> Arguments.of(transport, path)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("failures")
  void resolve_failureWithCanaryPlanted_canaryIsNowhere(Transport transport, Scenario<?> scenario) {
    failWith(transport, scenario);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("happyPaths")
  void resolve_storesSucceed_canaryIsOnlyInTheRevealedValue(Transport transport, HappyPath<?> path) {
    succeedWith(transport, path);
  }

  private <F extends LeakFixture> void failWith(Transport transport, Scenario<F> scenario) {
    F started = scenario.start().apply(audit);
    fixture = started;
    Case deployment = scenario.setup().apply(started);
    Map<String, String> variables = new LinkedHashMap<>(deployment.extraVariables());
    variables.put(VAR, deployment.value());
    TestComponent component = component(transport, variables, deployment);
    SecretResolver resolver = SecretResolver.create(component.syntaxes(), component.sources(), deployment.resolver());

    SecretResolutionException e = SourceTestbed.startupFails(() -> resolver.resolve(
        List.of(deployment.declaration()), Environment.of(started.testbed().variables(variables))));

    assertThat(SourceTestbed.onlyFailure(e).step()).as(e.getMessage()).isIn(scenario.steps());
    List<Object> seen = new ArrayList<>(List.of(e, e.getMessage(), e.failures(), component.secrets(),
        component.sources(), deployment.gcpSettings(), deployment.awsSettings(),
        deployment.awsSettings().encryptionContext(), deployment.resolver(), deployment.declaration(),
        Environment.of(variables)));
    seen.addAll(referenceViews(component, deployment.value(), deployment.declaration().bareCiphertext()));
    audit.assertAbsentFrom(seen.toArray());
  }

  private <F extends LeakFixture> void succeedWith(Transport transport, HappyPath<F> path) {
    F started = path.start().apply(audit);
    fixture = started;
    Resolution resolution = path.setup().apply(started);
    TestComponent component = component(transport, resolution.variables(), Case.of(""));
    SecretResolver resolver = SecretResolver.create(component.syntaxes(), component.sources(), SourceTestbed.PATIENT);

    ResolvedSecrets secrets = resolver.resolve(resolution.declarations(),
        Environment.of(started.testbed().variables(resolution.variables())));

    List<Object> seen = new ArrayList<>(List.of(secrets, component.sources(), component.secrets(),
        GcpSettings.defaults(), AwsSettings.defaults()));
    for (SecretDeclaration declaration : resolution.declarations()) {
      String variable = declaration.variable();
      assertThat(secrets.get(variable).revealString()).isEqualTo(resolution.expected().get(variable));
      seen.add(secrets.get(variable));
      seen.add(secrets.find(variable));
      seen.addAll(referenceViews(component, resolution.variables().get(variable), declaration.bareCiphertext()));
    }
    audit.assertAbsentFrom(seen.toArray());
    secrets.wipeAll();
    for (SecretDeclaration declaration : resolution.declarations()) {
      audit.assertAbsentFrom(secrets.get(declaration.variable()));
    }
  }

  /** The reference as parsed, formatted, described and wrapped in a fetch; or the parse error. */
  private List<Object> referenceViews(TestComponent component, String value, Optional<Kms> bareCiphertext) {
    ReferenceParser parser = ReferenceParser.of(component.syntaxes());
    try {
      SecretReference reference = bareCiphertext.isPresent()
          ? parser.parseCiphertext(VAR, value, bareCiphertext.get(),
              Environment.of(fixture.ciphertextEnvironment()))
          : parser.parse(VAR, value);
      return List.of(reference, reference.describe(),
          Fetch.of(reference.withoutField(), List.of(VAR), Duration.ofSeconds(1), 1));
    } catch (ReferenceException e) {
      return List.of(e);
    }
  }

  private TestComponent component(Transport transport, Map<String, String> variables, Case deployment) {
    TestDeployment testDeployment = TestDeployment.of(fixture.testbed().variables(variables), deployment.resolver())
        .with(deployment.gcpSettings()).with(deployment.awsSettings());
    return fixture.testbed().track(transport == Transport.LEAN
        ? DaggerStoreLeakAuditTest_AllSources.factory().create(testDeployment)
        : DaggerStoreLeakAuditTest_AllSourcesOnOfficialClients.factory().create(testDeployment));
  }
}
