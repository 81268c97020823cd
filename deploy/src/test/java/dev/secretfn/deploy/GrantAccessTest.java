package dev.secretfn.deploy;

import static dev.secretfn.deploy.ScriptConventionsTest.KEY;
import static dev.secretfn.deploy.ScriptConventionsTest.SA;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrantAccessTest {
  static final List<String> BIND = List.of("gcloud", "storage", "buckets", "add-iam-policy-binding",
      "gs://my-secrets", "--member=serviceAccount:" + SA, "--role=roles/storage.objectViewer");

  @TempDir Path dir;
  Sandbox sandbox;

  @BeforeEach
  void setUp() throws IOException {
    sandbox = Sandbox.create(dir, Platform.GCP);
  }

  @Test
  void secret_grantsObjectViewerConditionedOnThatOneObjectName() {
    Sandbox.Result result = sandbox.run("grant-access.sh", "", "--service-account", SA,
        "--secret", "gs://my-secrets/orders/db%25.json?generation=12#password",
        "--secret", "berglas://my-secrets/orders/api-key#7");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.calls()).hasSize(2);
    for (Sandbox.Call call : result.calls()) {
      assertThat(call.argv().subList(0, BIND.size())).isEqualTo(BIND);
      assertThat(call.argv()).hasSize(BIND.size() + 1);
      assertThat(call.argv().get(BIND.size())).startsWith("--condition-from-file=" + sandbox.tmp + "/");
    }
    assertThat(result.call(0).file("condition-from-file")).isEqualTo(
        "{\"title\": \"secretfn: read one secret\", \"description\": \"Read gs://my-secrets/orders/db%.json\","
            + " \"expression\": \"resource.name == \\\"projects/_/buckets/my-secrets/objects/orders/db%.json\\\"\"}\n");
    assertThat(result.call(1).file("condition-from-file")).contains(
        "\"expression\": \"resource.name == \\\"projects/_/buckets/my-secrets/objects/orders/api-key\\\"\"");
    assertThat(Sandbox.regularFiles(sandbox.tmp)).isEmpty();
  }

  @Test
  void objectNameWithQuotes_isEscapedForJsonAndCel() {
    Sandbox.Result result = sandbox.run("grant-access.sh", "", "--service-account", SA,
        "--secret", "gs://my-secrets/a\"b\\c");

    assertThat(result.exit()).as("%s", result).isZero();
    // CEL literal "...a\"b\\c", then JSON-escaped once more
    assertThat(result.call(0).file("condition-from-file")).contains(
        "\"expression\": \"resource.name == \\\"projects/_/buckets/my-secrets/objects/a\\\\\\\"b\\\\\\\\c\\\"\"");
  }

  @Test
  void prefixBucketAndKey_grantTheirOwnScopes() {
    Sandbox.Result result = sandbox.run("grant-access.sh", "", "--service-account", SA,
        "--prefix", "gs://my-secrets/orders/", "--bucket", "gs://orders-only-secrets", "--key", KEY);

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.call(0).file("condition-from-file")).contains(
        "\"expression\": \"resource.name.startsWith(\\\"projects/_/buckets/my-secrets/objects/orders/\\\")\"");
    assertThat(result.call(1).argv()).containsExactly("gcloud", "storage", "buckets", "add-iam-policy-binding",
        "gs://orders-only-secrets", "--member=serviceAccount:" + SA, "--role=roles/storage.objectViewer",
        "--condition=None");
    assertThat(result.call(2).argv()).containsExactly("gcloud", "kms", "keys", "add-iam-policy-binding",
        "fn-orders", "--keyring=secretfn", "--location=global", "--project=my-proj",
        "--member=serviceAccount:" + SA, "--role=roles/cloudkms.cryptoKeyDecrypter", "--condition=None");
  }

  @Test
  void secretManagerReferences_grantSecretAccessorOnTheSecretThroughItsEndpoint() {
    Sandbox.Result result = sandbox.run("grant-access.sh", "", "--service-account", SA,
        "--secret", "sm://my-proj/orders-db#3",
        "--secret", "gcp-sm://projects/my-proj/locations/europe-west1/secrets/api-key/versions/2#password");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.call(0).argv()).containsExactly("gcloud", "secrets", "add-iam-policy-binding", "orders-db",
        "--project=my-proj", "--member=serviceAccount:" + SA, "--role=roles/secretmanager.secretAccessor",
        "--condition=None");
    assertThat(result.call(0).env()).doesNotContainKey("CLOUDSDK_API_ENDPOINT_OVERRIDES_SECRETMANAGER");
    assertThat(result.call(1).argv()).containsExactly("gcloud", "secrets", "add-iam-policy-binding", "api-key",
        "--project=my-proj", "--location=europe-west1", "--member=serviceAccount:" + SA,
        "--role=roles/secretmanager.secretAccessor", "--condition=None");
    assertThat(result.call(1).env()).containsEntry("CLOUDSDK_API_ENDPOINT_OVERRIDES_SECRETMANAGER",
        "https://secretmanager.europe-west1.rep.googleapis.com/");
  }

  @Test
  void malformedSecretManagerReference_grantsNothing() {
    for (String ref : List.of("sm://my-proj/db?destination=tempfile", "sm://my-proj", "gcp-sm://projects/my-proj/secrets/db",
        "gcp-sm://projects/My_Proj/secrets/db/versions/1")) {
      Sandbox.Result result = sandbox.run("grant-access.sh", "", "--service-account", SA,
          "--secret", "sm://my-proj/ok", "--secret", ref);

      assertThat(result.exit()).as("%s: %s", ref, result).isEqualTo(2);
      assertThat(result.stderr()).as(ref).contains("is not a Secret Manager reference of the form");
      assertThat(result.calls()).as(ref).isEmpty();
    }
  }

  @Test
  void oneBadReference_grantsNothingAtAll() {
    Sandbox.Result result = sandbox.run("grant-access.sh", "", "--service-account", SA,
        "--secret", "gs://my-secrets/ok.json", "--secret", "gcp-kms://" + KEY + "?ciphertext=AAAA");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.stderr()).contains("a gcp-kms:// one needs only --key");
    assertThat(result.calls()).isEmpty();
  }

  @Test
  void malformedReferences_areUsageErrors() {
    assertThat(sandbox.run("grant-access.sh", "", "--service-account", SA, "--secret", "gs://my-secrets").stderr())
        .contains("has no object name");
    assertThat(sandbox.run("grant-access.sh", "", "--service-account", SA, "--secret", "gs://my-secrets/x%zz").stderr())
        .contains("'%' that is not followed by two hexadecimal digits");
    assertThat(sandbox.run("grant-access.sh", "", "--service-account", SA, "--prefix", "gs://my-secrets/").stderr())
        .contains("non-empty PREFIX");
    assertThat(sandbox.run("grant-access.sh", "", "--service-account", "fn-orders").stderr())
        .contains("is not a service account email");
    Sandbox.Result nothing = sandbox.run("grant-access.sh", "", "--service-account", SA);
    assertThat(nothing.exit()).isEqualTo(2);
    assertThat(nothing.stderr()).contains("nothing to grant");
  }

  @Test
  void defaultComputeAccount_isAllowedWithAWarning() {
    Sandbox.Result result = sandbox.run("grant-access.sh", "", "--service-account",
        "123456789-compute@developer.gserviceaccount.com", "--bucket", "my-secrets", "--dry-run");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.stderr()).contains("is a default service account");
  }

  @Test
  void dryRun_printsTheConditionFileAndTheBinding() {
    Sandbox.Result result = sandbox.run("grant-access.sh", "", "--service-account", SA,
        "--secret", "gs://my-secrets/orders/db.json#password", "--dry-run");

    assertThat(result.exit()).isZero();
    assertThat(result.stdout()).isEqualTo("cat > condition.json <<'EOF'\n"
        + "{\"title\": \"secretfn: read one secret\", \"description\": \"Read gs://my-secrets/orders/db.json\","
        + " \"expression\": \"resource.name == \\\"projects/_/buckets/my-secrets/objects/orders/db.json\\\"\"}\n"
        + "EOF\n"
        + String.join(" ", BIND) + " --condition-from-file=condition.json\n"
        + "rm -f condition.json\n");
  }
}
