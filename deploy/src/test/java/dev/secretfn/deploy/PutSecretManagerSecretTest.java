package dev.secretfn.deploy;

import static dev.secretfn.deploy.ScriptConventionsTest.SA;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/gcp/put-secret-manager-secret.sh against the recording gcloud stand-in (and the real java feed). */
class PutSecretManagerSecretTest {
  static final String PASSWORD = "sm-s3cr3t = pässword, not trimmed";
  static final byte[] VALUE = PASSWORD.getBytes(UTF_8);
  static final byte[] JSON = ("{\"username\": \"orders\", \"password\": \"" + PASSWORD + "\"}").getBytes(UTF_8);
  static final String HELPER = Platform.COMMON.resolve("SecretHelper.java").toString();
  static final String REGIONAL_ENDPOINT =
      "CLOUDSDK_API_ENDPOINT_OVERRIDES_SECRETMANAGER=https://secretmanager.europe-west1.rep.googleapis.com/";
  static final List<String> DESCRIBE = List.of("gcloud", "secrets", "describe", "orders-db", "--project=my-proj");
  static final List<String> CREATE =
      List.of("gcloud", "secrets", "create", "orders-db", "--project=my-proj", "--replication-policy=automatic");
  static final List<String> GRANT = List.of("gcloud", "secrets", "add-iam-policy-binding", "orders-db",
      "--project=my-proj", "--member=serviceAccount:" + SA, "--role=roles/secretmanager.secretAccessor",
      "--condition=None");
  static final List<String> ADD = List.of("gcloud", "secrets", "versions", "add", "orders-db", "--project=my-proj",
      "--data-file=-", "--format=value(name)");

  @TempDir Path dir;
  Sandbox sandbox;

  @BeforeEach
  void setUp() throws IOException {
    sandbox = Sandbox.create(dir, Platform.GCP);
  }

  @Test
  void put_createsTheSecretGrantsItThenAddsTheValueAndPrintsThePinnedReference() {
    Sandbox.Result result = sandbox.run("put-secret-manager-secret.sh", VALUE,
        "--project", "my-proj", "--secret", "orders-db", "--service-account", SA);

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.commands()).containsExactly(DESCRIBE, CREATE, GRANT, feed(ADD), ADD);
    assertThat(result.call(4).stdin()).as("the value, unchanged, through --data-file=-").isEqualTo(VALUE);
    assertThat(result.stdout()).as("pinned to the version gcloud reported, named by the project id")
        .isEqualTo("gcp-sm://projects/my-proj/secrets/orders-db/versions/3");
    sandbox.assertSecretNotLeaked(result, VALUE);
  }

  @Test
  void grant_isOnTheSecretNeverOnTheProject() {
    Sandbox.Result result = sandbox.run("put-secret-manager-secret.sh", VALUE,
        "--project", "my-proj", "--secret", "orders-db", "--service-account", SA);

    assertThat(result.exit()).as("%s", result).isZero();
    List<List<String>> grants = result.commands().stream()
        .filter(c -> c.contains("add-iam-policy-binding")).collect(java.util.stream.Collectors.toList());
    assertThat(grants).containsExactly(GRANT);
    assertThat(result.commands()).noneMatch(c -> c.contains("projects") || c.contains("resource-manager"));
  }

  @Test
  void existingSecret_getsANewVersionOnlyAndTheReferenceFollowsIt() {
    Sandbox.Result result = sandbox.env("STANDIN_EXISTING", "secrets").env("STANDIN_SM_VERSION", "17")
        .run("put-secret-manager-secret.sh", JSON, "--project", "my-proj", "--secret", "orders-db",
            "--service-account", SA, "--field", "pass#word");

    assertThat(result.exit()).as("%s", result).isNotZero();
    assertThat(result.stderr()).contains("the JSON object has no field 'pass#word'");
    assertThat(result.commands()).noneMatch(c -> c.equals(ADD));

    Sandbox.Result field = sandbox.run("put-secret-manager-secret.sh", JSON, "--project", "my-proj",
        "--secret", "orders-db", "--service-account", SA, "--field", "password");
    assertThat(field.exit()).as("%s", field).isZero();
    assertThat(field.commands()).containsExactly(DESCRIBE, GRANT, feed(ADD, "--json-field", "password"), ADD);
    assertThat(field.stdout()).isEqualTo("gcp-sm://projects/my-proj/secrets/orders-db/versions/17#password");
    sandbox.assertSecretNotLeaked(field, VALUE);
  }

  @Test
  void replicaLocations_createAUserManagedSecret() {
    Sandbox.Result result = sandbox.run("put-secret-manager-secret.sh", VALUE, "--project", "my-proj",
        "--secret", "orders-db", "--service-account", SA, "--replica-locations", "europe-west1,europe-west4");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.call(1).argv()).containsExactly("gcloud", "secrets", "create", "orders-db",
        "--project=my-proj", "--replication-policy=user-managed", "--locations=europe-west1,europe-west4");
  }

  @Test
  void location_createsARegionalSecretThroughItsRegionalEndpointAndReferencesIt() {
    Sandbox.Result result = sandbox.env("STANDIN_SM_VERSION", "1").run("put-secret-manager-secret.sh", VALUE,
        "--project", "my-proj", "--secret", "orders-db", "--service-account", SA, "--location", "europe-west1");

    assertThat(result.exit()).as("%s", result).isZero();
    List<List<String>> gcloud = result.commands().stream().filter(c -> c.get(0).equals("gcloud"))
        .collect(java.util.stream.Collectors.toList());
    assertThat(gcloud).containsExactly(
        List.of("gcloud", "secrets", "describe", "orders-db", "--project=my-proj", "--location=europe-west1"),
        List.of("gcloud", "secrets", "create", "orders-db", "--project=my-proj", "--location=europe-west1"),
        List.of("gcloud", "secrets", "add-iam-policy-binding", "orders-db", "--project=my-proj",
            "--location=europe-west1", "--member=serviceAccount:" + SA, "--role=roles/secretmanager.secretAccessor",
            "--condition=None"),
        List.of("gcloud", "secrets", "versions", "add", "orders-db", "--project=my-proj", "--location=europe-west1",
            "--data-file=-", "--format=value(name)"));
    for (Sandbox.Call call : result.calls()) {
      if (call.program().equals("gcloud")) {
        assertThat(call.env()).containsEntry("CLOUDSDK_API_ENDPOINT_OVERRIDES_SECRETMANAGER",
            REGIONAL_ENDPOINT.substring(REGIONAL_ENDPOINT.indexOf('=') + 1));
      }
    }
    assertThat(result.stdout()).isEqualTo("gcp-sm://projects/my-proj/locations/europe-west1/secrets/orders-db/versions/1");
    sandbox.assertSecretNotLeaked(result, VALUE);
  }

  @Test
  void grantFailure_addsNoVersionAndPrintsNothing() {
    Sandbox.Result result = sandbox.env("STANDIN_FAIL", "add-iam-policy-binding").run("put-secret-manager-secret.sh",
        VALUE, "--project", "my-proj", "--secret", "orders-db", "--service-account", SA);

    assertThat(result.exit()).isNotZero();
    assertThat(result.commands()).noneMatch(c -> c.contains("versions"));
    assertThat(result.stdout()).isEmpty();
    sandbox.assertSecretNotLeaked(result, VALUE);
  }

  @Test
  void emptyValueOrUnreadableVersion_printNoReference() {
    Sandbox.Result empty = sandbox.run("put-secret-manager-secret.sh", new byte[0],
        "--project", "my-proj", "--secret", "orders-db", "--service-account", SA);
    Sandbox.Result unreadable = sandbox.env("STANDIN_SM_VERSION", "latest").run("put-secret-manager-secret.sh",
        VALUE, "--project", "my-proj", "--secret", "orders-db", "--service-account", SA);

    assertThat(empty.exit()).isNotZero();
    assertThat(empty.stderr()).contains("stdin is empty");
    assertThat(empty.commands()).noneMatch(c -> c.equals(ADD));
    assertThat(empty.stdout()).isEmpty();
    assertThat(unreadable.exit()).isEqualTo(1);
    assertThat(unreadable.stderr()).contains("could not read the new version's number");
    assertThat(unreadable.stdout()).as("never an unpinned reference").isEmpty();
  }

  @Test
  void badNames_areUsageErrorsThatRunNothing() {
    Sandbox.Result secret = sandbox.run("put-secret-manager-secret.sh", VALUE,
        "--project", "my-proj", "--secret", "orders/db", "--service-account", SA);
    Sandbox.Result both = sandbox.run("put-secret-manager-secret.sh", VALUE, "--project", "my-proj",
        "--secret", "orders-db", "--service-account", SA, "--location", "europe-west1", "--replica-locations",
        "europe-west4");
    Sandbox.Result global = sandbox.run("put-secret-manager-secret.sh", VALUE, "--project", "my-proj",
        "--secret", "orders-db", "--service-account", SA, "--location", "global");

    assertThat(secret.stderr()).contains("'orders/db' is not a secret id");
    assertThat(both.stderr()).contains("--location and --replica-locations exclude each other");
    assertThat(global.stderr()).contains("a regional secret needs a region");
    for (Sandbox.Result result : List.of(secret, both, global)) {
      assertThat(result.exit()).as("%s", result).isEqualTo(2);
      assertThat(result.calls()).isEmpty();
    }
  }

  @Test
  void dryRun_printsTheCheckTheCreateTheGrantTheCheckedAddAndTheReference() {
    Sandbox.Result result = sandbox.run("put-secret-manager-secret.sh", "", "--project", "my-proj",
        "--secret", "orders-db", "--service-account", SA, "--field", "password", "--dry-run");

    assertThat(result.exit()).isZero();
    assertThat(result.stdout()).isEqualTo(
        "# unless it exists (" + String.join(" ", DESCRIBE) + "):\n"
            + String.join(" ", CREATE) + "\n"
            + String.join(" ", GRANT) + "\n"
            + "# the value is read from stdin, checked, and piped into the new version:\n"
            + "java " + HELPER + " feed --json-field password -- gcloud secrets versions add orders-db"
            + " --project=my-proj --data-file=- '--format=value(name)'\n"
            + "# prints: gcp-sm://projects/my-proj/secrets/orders-db/versions/VERSION#password\n");
    assertThat(result.calls()).isEmpty();
  }

  private static List<String> feed(List<String> add, String... options) {
    List<String> command = new ArrayList<>(List.of("java", HELPER, "feed"));
    command.addAll(List.of(options));
    command.add("--");
    command.addAll(add);
    return command;
  }
}
