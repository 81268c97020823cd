package dev.secretfn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateBucketTest {
  @TempDir Path dir;
  Sandbox sandbox;

  @BeforeEach
  void setUp() throws IOException {
    sandbox = Sandbox.create(dir, Platform.GCP);
  }

  @Test
  void create_makesAUniformAccessPrivateBucketAndOptionallyVersionsIt() {
    Sandbox.Result result = sandbox.run("create-bucket.sh", "",
        "--project", "my-proj", "--bucket", "gs://my-secrets", "--location", "europe-west1", "--versioning");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.commands()).containsExactly(
        List.of("gcloud", "storage", "buckets", "describe", "gs://my-secrets", "--project=my-proj"),
        List.of("gcloud", "storage", "buckets", "create", "gs://my-secrets", "--project=my-proj",
            "--location=europe-west1", "--uniform-bucket-level-access", "--public-access-prevention"),
        List.of("gcloud", "storage", "buckets", "update", "gs://my-secrets", "--project=my-proj", "--versioning"));
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void existingBucket_isLeftAsItIsWithAHintAboutUniformAccess() {
    Sandbox.Result result = sandbox.env("STANDIN_EXISTING", "storage-buckets").run("create-bucket.sh", "",
        "--project", "my-proj", "--bucket", "my-secrets", "--location", "europe-west1");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.commands()).containsExactly(
        List.of("gcloud", "storage", "buckets", "describe", "gs://my-secrets", "--project=my-proj"));
    assertThat(result.stderr()).contains("--uniform-bucket-level-access");
  }

  @Test
  void badBucketName_isAUsageError() {
    Sandbox.Result result = sandbox.run("create-bucket.sh", "",
        "--project", "my-proj", "--bucket", "My_Secrets", "--location", "europe-west1");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.stderr()).contains("'My_Secrets' is not a bucket name");
    assertThat(result.calls()).isEmpty();
  }
}
