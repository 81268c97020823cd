package dev.secretfn.deploy;

import static dev.secretfn.deploy.ScriptConventionsTest.KEY;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PutBerglasSecretTest {
  static final byte[] SECRET = "sk_live_berglas-envelope ünïcode\n".getBytes(UTF_8);
  static final String OBJECT = "orders/api-key";
  static final String NO_CACHE = "--cache-control=private, no-cache, no-store, no-transform, max-age=0";

  @TempDir Path dir;
  Sandbox sandbox;

  @BeforeEach
  void setUp() throws IOException {
    sandbox = Sandbox.create(dir, Platform.GCP);
  }

  @Test
  void put_writesAnEnvelopeThatDecryptsToStdinWithBerglasLayoutAndMetadata() throws Exception {
    Sandbox.Result result = sandbox.run("put-berglas-secret.sh", SECRET,
        "--key", KEY, "--bucket", "my-secrets", "--object", OBJECT);

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.stdout()).isEqualTo("berglas://my-secrets/orders/api-key");
    assertThat(result.calls()).hasSize(3);

    // 1. the helper, with the wrap command after '--' and nothing secret in its arguments
    Sandbox.Call helper = result.call(0);
    assertThat(helper.program()).isEqualTo("java");
    assertThat(helper.argv().subList(1, 4))
        .containsExactly(Platform.COMMON.resolve("SecretHelper.java").toString(), "berglas-seal", "--");
    // 2. the helper runs gcloud kms encrypt on the DEK, with the object name as additional data
    Sandbox.Call wrap = result.call(1);
    String aadFlag = wrap.argv().get(wrap.argv().size() - 1);
    assertThat(wrap.argv()).containsExactly("gcloud", "kms", "encrypt", "--project=my-proj",
        "--location=global", "--keyring=secretfn", "--key=fn-orders", "--plaintext-file=-",
        "--ciphertext-file=-", aadFlag);
    assertThat(aadFlag).startsWith("--additional-authenticated-data-file=" + sandbox.tmp + "/");
    assertThat(helper.argv().subList(4, helper.argv().size())).isEqualTo(wrap.argv());
    assertThat(wrap.file("additional-authenticated-data-file")).isEqualTo(OBJECT);
    assertThat(wrap.stdin()).as("the DEK piped to KMS").hasSize(32);
    // 3. one upload that sets the Berglas metadata, create-only
    Sandbox.Call upload = result.call(2);
    assertThat(upload.argv()).containsExactly("gcloud", "storage", "cp", "-", "gs://my-secrets/orders/api-key",
        "--custom-metadata=berglas-kms-key=" + KEY + ",berglas-secret=1", NO_CACHE, "--if-generation-match=0");

    String body = new String(upload.stdin(), UTF_8);
    assertThat(body).as("two base64 parts, no newline").matches("[A-Za-z0-9+/]+=*:[A-Za-z0-9+/]+=*");
    String[] parts = body.split(":");
    byte[] wrappedDek = Base64.getDecoder().decode(parts[0]);
    byte[] sealed = Base64.getDecoder().decode(parts[1]);
    assertThat(Base64.getEncoder().encodeToString(wrappedDek)).isEqualTo(parts[0]);
    assertThat(Base64.getEncoder().encodeToString(sealed)).isEqualTo(parts[1]);
    byte[] dek = FakeKms.decrypt(wrappedDek);
    assertThat(dek).hasSize(32).isEqualTo(wrap.stdin());
    assertThat(sealed).as("nonce(12) + ciphertext + tag(16)").hasSize(12 + SECRET.length + 16);
    assertThat(openGcm(dek, sealed)).isEqualTo(SECRET);

    sandbox.assertSecretNotLeaked(result, SECRET);
    sandbox.assertSecretNotLeaked(result, Base64.getEncoder().encode(dek));
  }

  @Test
  void put_usesAFreshDataKeyAndNonceEveryTime() {
    String first = body(sandbox.run("put-berglas-secret.sh", SECRET,
        "--key", KEY, "--bucket", "my-secrets", "--object", OBJECT));
    String second = body(sandbox.run("put-berglas-secret.sh", SECRET,
        "--key", KEY, "--bucket", "my-secrets", "--object", OBJECT));

    assertThat(first.split(":")[0]).isNotEqualTo(second.split(":")[0]);
    assertThat(Arrays.copyOf(Base64.getDecoder().decode(first.split(":")[1]), 12))
        .isNotEqualTo(Arrays.copyOf(Base64.getDecoder().decode(second.split(":")[1]), 12));
  }

  @Test
  void tamperedEnvelope_failsToOpen() throws Exception {
    String body = body(sandbox.run("put-berglas-secret.sh", SECRET,
        "--key", KEY, "--bucket", "my-secrets", "--object", OBJECT));
    byte[] dek = FakeKms.decrypt(Base64.getDecoder().decode(body.split(":")[0]));
    byte[] sealed = Base64.getDecoder().decode(body.split(":")[1]);
    sealed[20] ^= 1;

    assertThat(catchThrowable(() -> openGcm(dek, sealed)))
        .isInstanceOf(AEADBadTagException.class);
  }

  @Test
  void pinAndOverwrite_describeTheGenerationAndDropTheCreateOnlyCondition() {
    Sandbox.Result result = sandbox.env("STANDIN_GENERATION", "1712345678901234").run("put-berglas-secret.sh",
        SECRET, "--key", KEY, "--bucket", "my-secrets", "--object", OBJECT, "--pin", "--overwrite");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.call(2).argv()).doesNotContain("--if-generation-match=0");
    assertThat(result.call(3).argv()).containsExactly("gcloud", "storage", "objects", "describe",
        "gs://my-secrets/orders/api-key", "--format=value(generation)");
    assertThat(result.stdout()).isEqualTo("berglas://my-secrets/orders/api-key#1712345678901234");
    sandbox.assertSecretNotLeaked(result, SECRET);
  }

  @Test
  void kmsFailure_uploadsNothing() {
    Sandbox.Result result = sandbox.env("STANDIN_FAIL", "kms encrypt").run("put-berglas-secret.sh", SECRET,
        "--key", KEY, "--bucket", "my-secrets", "--object", OBJECT);

    assertThat(result.exit()).as("%s", result).isNotZero();
    assertThat(result.commands()).noneMatch(c -> c.contains("cp"));
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr()).contains("the KMS encrypt command failed");
    sandbox.assertSecretNotLeaked(result, SECRET);
  }

  @Test
  void emptyStdin_uploadsNothing() {
    Sandbox.Result result = sandbox.run("put-berglas-secret.sh", new byte[0],
        "--key", KEY, "--bucket", "my-secrets", "--object", OBJECT);

    assertThat(result.exit()).isNotZero();
    assertThat(result.stderr()).contains("stdin is empty");
    assertThat(result.commands()).allMatch(c -> c.get(0).equals("java"));
  }

  @Test
  void dryRun_printsTheHelperTheWrapAndTheUpload() {
    Sandbox.Result result = sandbox.run("put-berglas-secret.sh", "",
        "--key", KEY, "--bucket", "my-secrets", "--object", OBJECT, "--dry-run");

    assertThat(result.exit()).isZero();
    assertThat(result.stdout().lines()).containsSubsequence(
        "printf '%s' orders/api-key > aad.txt",
        "body=$(java " + Platform.COMMON.resolve("SecretHelper.java") + " berglas-seal -- gcloud kms encrypt"
            + " --project=my-proj --location=global --keyring=secretfn --key=fn-orders --plaintext-file=-"
            + " --ciphertext-file=- --additional-authenticated-data-file=aad.txt)",
        "printf %s \"$body\" | gcloud storage cp - gs://my-secrets/orders/api-key"
            + " --custom-metadata=berglas-kms-key=" + KEY + ",berglas-secret=1 '" + NO_CACHE + "'"
            + " --if-generation-match=0",
        "rm -f aad.txt",
        "# prints: berglas://my-secrets/orders/api-key");
    assertThat(result.calls()).isEmpty();
  }

  private static String body(Sandbox.Result result) {
    assertThat(result.exit()).as("%s", result).isZero();
    return new String(result.calls().get(result.calls().size() - 1).stdin(), UTF_8);
  }

  /** Berglas's envelopeDecrypt: nonce is the first 12 bytes, no additional data, 128-bit tag. */
  static byte[] openGcm(byte[] dek, byte[] sealed) throws GeneralSecurityException {
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(dek, "AES"), new GCMParameterSpec(128, sealed, 0, 12));
    return gcm.doFinal(sealed, 12, sealed.length - 12);
  }
}
