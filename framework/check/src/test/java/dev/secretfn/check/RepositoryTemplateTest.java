package dev.secretfn.check;

import static dev.secretfn.check.FunctionFixture.AWS_KMS;
import static dev.secretfn.check.FunctionFixture.AWS_SM;
import static dev.secretfn.check.FunctionFixture.S3;
import static dev.secretfn.check.FunctionFixture.SSM;
import static dev.secretfn.check.FunctionFixture.secret;
import static dev.secretfn.check.GcpDeploymentTest.ciphertext;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's own deploy/aws/template.yaml, for its three functions, against descriptors that declare what
 * the Lambda samples declare (WeatherSecrets, OrdersSecrets, BillingSecrets) with the stores their components bind.
 */
class RepositoryTemplateTest {
  static final Path TEMPLATE = Path.of("../../deploy/aws/template.yaml");
  static final String UNPINNED = " at whatever version is current when an instance starts, so a new version reaches"
      + " every new instance at once, with no rollout; fix: pin a version (see docs/references.md)";

  @TempDir Path dir;

  @Test
  void weather_needsItsCiphertextParameter() throws Exception {
    Path jar = FunctionFixture.in(dir.resolve("weather"))
        .secrets("dev.secretfn.samples.lambda.WeatherSecrets", secret("API_KEY", "Secret", true, "AWS", null))
        .component("dev.secretfn.samples.lambda.WeatherComponent", "dev.secretfn.samples.lambda.WeatherSecrets",
            AWS_KMS)
        .jar(dir.resolve("weather.jar"));

    CheckRun withoutCiphertext = check(jar, "ApiGatewayFunction");
    assertThat(withoutCiphertext.status).isEqualTo(1);
    assertThat(withoutCiphertext.lines()).containsExactly(
        "secretfn check: component dev.secretfn.samples.lambda.WeatherComponent against SAM template " + TEMPLATE
            + ", function ApiGatewayFunction: 1 declared secret",
        "ERROR API_KEY: is empty; fix: write the value in a form from docs/references.md",
        "1 error, 0 warnings");

    String ciphertext = ciphertext(190);
    CheckRun withCiphertext = check(jar, "ApiGatewayFunction", "--parameter", "ApiKeyCiphertext=" + ciphertext);
    assertThat(withCiphertext.status).isZero();
    assertThat(withCiphertext.lines()).containsExactly(withoutCiphertext.lines().get(0), "0 errors, 0 warnings");
    withCiphertext.leaksNone(ciphertext);
  }

  @Test
  void orders_refreshesUnpinnedObjectReferences_inTheStacksBucket() throws Exception {
    Path jar = FunctionFixture.in(dir.resolve("orders"))
        .secrets("dev.secretfn.samples.lambda.OrdersSecrets",
            secret("DB_PASS", "Secret", true, null, 300), secret("DB_USER", "String", true, null, 300))
        .component("dev.secretfn.samples.lambda.OrdersComponent", "dev.secretfn.samples.lambda.OrdersSecrets", S3)
        .jar(dir.resolve("orders.jar"));

    CheckRun run = check(jar, "OrdersStreamFunction");

    assertThat(run.status).isZero();
    assertThat(run.lines()).containsExactly(
        "secretfn check: component dev.secretfn.samples.lambda.OrdersComponent against SAM template " + TEMPLATE
            + ", function OrdersStreamFunction: 2 declared secrets",
        "NOTE DB_PASS: its value is left unresolved in part: Ref SecretsBucket (a resource of the stack); checked"
            + " with 'unresolved' in its place",
        "NOTE DB_USER: its value is left unresolved in part: Ref SecretsBucket (a resource of the stack); checked"
            + " with 'unresolved' in its place",
        "0 errors, 0 warnings");
  }

  @Test
  void billing_warnsOfUnpinnedSecrets_untilVersionsAreGiven() throws Exception {
    Path jar = FunctionFixture.in(dir.resolve("billing"))
        .secrets("dev.secretfn.samples.lambda.BillingSecrets",
            secret("DB_USER", "String", true, null, null), secret("DB_PASS", "Secret", true, null, null),
            secret("SIGNING_KEY", "Secret", true, null, null), secret("WEBHOOK_SECRET", "Secret", true, null, null))
        .component("dev.secretfn.samples.lambda.BillingComponent", "dev.secretfn.samples.lambda.BillingSecrets",
            AWS_SM, SSM)
        .jar(dir.resolve("billing.jar"));

    CheckRun latest = check(jar, "BillingWebhookFunction");
    assertThat(latest.status).isZero();
    assertThat(latest.lines()).containsExactly(
        "secretfn check: component dev.secretfn.samples.lambda.BillingComponent against SAM template " + TEMPLATE
            + ", function BillingWebhookFunction: 4 declared secrets",
        "NOTE DB_PASS: its value is left unresolved in part: Ref DatabaseSecret (a resource of the stack); checked"
            + " with 'unresolved' in its place",
        "WARNING DB_PASS: reads aws-sm://unresolved#password" + UNPINNED,
        "NOTE DB_USER: its value is left unresolved in part: Ref DatabaseSecret (a resource of the stack); checked"
            + " with 'unresolved' in its place",
        "WARNING DB_USER: reads aws-sm://unresolved#username" + UNPINNED,
        "WARNING SIGNING_KEY: reads ssm:///secretfn/billing/signing-key" + UNPINNED,
        "WARNING WEBHOOK_SECRET: reads ssm:///secretfn/billing/webhook-secret" + UNPINNED,
        "0 errors, 4 warnings");

    CheckRun pinned = check(jar, "BillingWebhookFunction", "--parameter", "SigningKeyVersion=3", "--parameter",
        "WebhookSecretVersion=12");
    assertThat(pinned.lines()).filteredOn(l -> l.contains("SIGNING_KEY") || l.contains("WEBHOOK_SECRET"))
        .isEmpty();
    assertThat(pinned.lines()).endsWith("0 errors, 2 warnings");
  }

  @Test
  void theTemplatesThreeFunctions_areTheOnesTheCheckOffers() throws Exception {
    Path jar = FunctionFixture.in(dir.resolve("any"))
        .secrets("app.S", secret("X", "Secret", false, null, null))
        .component("app.C", "app.S", AWS_KMS)
        .jar(dir.resolve("any.jar"));

    CheckRun run = CheckRun.of("--jar", jar.toString(), "--sam-template", TEMPLATE.toString());

    assertThat(run.status).isEqualTo(2);
    assertThat(run.err).isEqualTo("secretfn check: the template " + TEMPLATE + " defines 3 functions"
        + " [ApiGatewayFunction, BillingWebhookFunction, OrdersStreamFunction]: name one with --function"
        + " LOGICAL_ID\n");
  }

  private static CheckRun check(Path jar, String function, String... more) {
    List<String> args = new ArrayList<>(List.of("--jar", jar.toString(), "--sam-template",
        TEMPLATE.toString(), "--function", function));
    args.addAll(List.of(more));
    return CheckRun.of(args);
  }
}
