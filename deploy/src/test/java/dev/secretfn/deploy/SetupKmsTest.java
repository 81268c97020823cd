package dev.secretfn.deploy;

import static dev.secretfn.deploy.ScriptConventionsTest.KEY;
import static dev.secretfn.deploy.ScriptConventionsTest.SA;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetupKmsTest {
  static final String[] ARGS = {
    "--project", "my-proj", "--keyring", "secretfn", "--key", "fn-orders", "--service-account", "fn-orders"};
  static final List<String> ON_KEY =
      List.of("fn-orders", "--keyring=secretfn", "--location=global", "--project=my-proj");

  @TempDir Path dir;
  Sandbox sandbox;

  @BeforeEach
  void setUp() throws IOException {
    sandbox = Sandbox.create(dir, Platform.GCP);
  }

  @Test
  void setup_onAnEmptyProject_createsRingKeyAccountAndGrantsDecryptOnTheKeyOnly() {
    Sandbox.Result result = sandbox.run("setup-kms.sh", "", ARGS);

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.commands()).containsExactly(
        List.of("gcloud", "kms", "keyrings", "describe", "secretfn", "--location=global", "--project=my-proj"),
        List.of("gcloud", "kms", "keyrings", "create", "secretfn", "--location=global", "--project=my-proj"),
        gcloud(List.of("kms", "keys", "describe"), ON_KEY),
        gcloud(List.of("kms", "keys", "create"), ON_KEY, List.of("--purpose=encryption",
            "--rotation-period=90d", "--next-rotation-time=+p90d")),
        List.of("gcloud", "iam", "service-accounts", "describe", SA, "--project=my-proj"),
        List.of("gcloud", "iam", "service-accounts", "create", "fn-orders", "--project=my-proj",
            "--display-name=secretfn function fn-orders",
            "--description=Runs one secretfn function; holds only the roles that read its secrets"),
        gcloud(List.of("kms", "keys", "add-iam-policy-binding"), ON_KEY, List.of("--member=serviceAccount:" + SA,
            "--role=roles/cloudkms.cryptoKeyDecrypter", "--condition=None")));
    assertThat(result.stdout()).isEqualTo("KMS_CRYPTO_KEY_ID=" + KEY + "\nSERVICE_ACCOUNT=" + SA + "\n");
  }

  @Test
  void setup_whenEverythingExists_createsNothingAndStillBinds() {
    Sandbox.Result result = sandbox.env("STANDIN_EXISTING", "kms-keyrings kms-keys iam-service-accounts")
        .run("setup-kms.sh", "", ARGS);

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.commands()).extracting(c -> c.get(3))
        .containsExactly("describe", "describe", "describe", "add-iam-policy-binding");
    assertThat(result.stderr()).contains("key ring secretfn already exists");
  }

  @Test
  void options_addApisEncryptersAndDeployersEachBoundToTheOneResource() {
    Sandbox.Result result = sandbox.env("STANDIN_EXISTING", "kms-keyrings kms-keys iam-service-accounts")
        .run("setup-kms.sh", "", "--project", "my-proj", "--location", "europe-west1", "--keyring", "secretfn",
            "--key", "fn-orders", "--service-account", "fn-orders", "--rotation-days", "0", "--enable-apis",
            "--encrypter", "user:dev@example.com", "--deployer", "serviceAccount:ci@my-proj.iam.gserviceaccount.com");

    assertThat(result.exit()).as("%s", result).isZero();
    List<String> onKey = List.of("fn-orders", "--keyring=secretfn", "--location=europe-west1", "--project=my-proj");
    assertThat(result.commands()).containsExactly(
        List.of("gcloud", "services", "enable", "cloudkms.googleapis.com", "cloudfunctions.googleapis.com",
            "run.googleapis.com", "cloudbuild.googleapis.com", "artifactregistry.googleapis.com",
            "storage.googleapis.com", "--project=my-proj"),
        List.of("gcloud", "kms", "keyrings", "describe", "secretfn", "--location=europe-west1", "--project=my-proj"),
        gcloud(List.of("kms", "keys", "describe"), onKey),
        List.of("gcloud", "iam", "service-accounts", "describe", SA, "--project=my-proj"),
        gcloud(List.of("kms", "keys", "add-iam-policy-binding"), onKey, List.of("--member=serviceAccount:" + SA,
            "--role=roles/cloudkms.cryptoKeyDecrypter", "--condition=None")),
        gcloud(List.of("kms", "keys", "add-iam-policy-binding"), onKey, List.of("--member=user:dev@example.com",
            "--role=roles/cloudkms.cryptoKeyEncrypter", "--condition=None")),
        List.of("gcloud", "iam", "service-accounts", "add-iam-policy-binding", SA, "--project=my-proj",
            "--member=serviceAccount:ci@my-proj.iam.gserviceaccount.com", "--role=roles/iam.serviceAccountUser",
            "--condition=None"));
  }

  @Test
  void noRotation_createsTheKeyWithoutASchedule() {
    Sandbox.Result result = sandbox.run("setup-kms.sh", "",
        "--project", "my-proj", "--keyring", "secretfn", "--key", "fn-orders", "--rotation-days", "0");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.commands()).contains(gcloud(List.of("kms", "keys", "create"), ON_KEY,
        List.of("--purpose=encryption")));
    assertThat(result.stdout()).isEqualTo("KMS_CRYPTO_KEY_ID=" + KEY + "\n");
  }

  @Test
  void bindingRightAfterCreatingTheAccount_isRetriedUntilIamSeesIt() {
    Sandbox.Result result = sandbox.env("STANDIN_FAIL_ONCE", "add-iam-policy-binding").run("setup-kms.sh", "", ARGS);

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.commands()).filteredOn(c -> c.contains("add-iam-policy-binding")).hasSize(2);
    assertThat(result.stderr()).contains("retrying in 0s");
  }

  @Test
  void bindingThatKeepsFailing_failsTheScriptAfterFourTries() {
    Sandbox.Result result = sandbox.env("STANDIN_FAIL", "add-iam-policy-binding").run("setup-kms.sh", "", ARGS);

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.commands()).filteredOn(c -> c.contains("add-iam-policy-binding")).hasSize(4);
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void badNames_areUsageErrors() {
    assertThat(sandbox.run("setup-kms.sh", "", "--project", "My_Proj", "--keyring", "r", "--key", "k").stderr())
        .contains("'My_Proj' is not a project id");
    assertThat(sandbox.run("setup-kms.sh", "", "--project", "my-proj", "--keyring", "r", "--key", "k",
        "--service-account", "fn").stderr()).contains("'fn' is not a service account id");
    assertThat(sandbox.run("setup-kms.sh", "", "--project", "my-proj", "--keyring", "r", "--key", "k",
        "--encrypter", "dev@example.com").stderr()).contains("'dev@example.com' is not an IAM member");
    Sandbox.Result deployerAlone = sandbox.run("setup-kms.sh", "", "--project", "my-proj", "--keyring", "r",
        "--key", "k", "--deployer", "user:dev@example.com");
    assertThat(deployerAlone.exit()).isEqualTo(2);
    assertThat(deployerAlone.stderr()).contains("--deployer needs --service-account");
    assertThat(deployerAlone.calls()).isEmpty();
  }

  @Test
  void domainScopedProject_getsTheMatchingServiceAccountEmail() {
    Sandbox.Result result = sandbox.run("setup-kms.sh", "", "--project", "example.com:orders", "--keyring", "r",
        "--key", "k", "--service-account", "fn-orders", "--dry-run");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.stdout()).contains("# SERVICE_ACCOUNT=fn-orders@orders.example.com.iam.gserviceaccount.com");
  }

  @SafeVarargs
  static List<String> gcloud(List<String>... parts) {
    List<String> all = new ArrayList<>();
    all.add("gcloud");
    for (List<String> part : parts) {
      all.addAll(part);
    }
    return all;
  }
}
