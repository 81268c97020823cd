package dev.secretfn.testing.aws;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretfn.testing.emulator.RecordedRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInternalException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** The AWS SDK v2 KmsClient (2.57.8, URL connection HTTP client), unchanged but for its endpoint. */
class AwsKmsOfficialClientTest {
  private static final Map<String, String> CONTEXT = Map.of("LambdaFunctionName", "orders");

  private AwsKmsEmulator kms;
  private String key;
  private KmsClient client;

  @BeforeEach
  void start() {
    kms = AwsKmsEmulator.start();
    key = kms.createKey();
    client = AwsClients.kms(kms.endpoint(), false);
  }

  @AfterEach
  void stop() {
    client.close();
    kms.close();
  }

  private SdkBytes blob(String plaintext) {
    return SdkBytes.fromByteArray(kms.encrypt(key, plaintext.getBytes(UTF_8), CONTEXT));
  }

  @Test
  void encryptThenDecrypt_roundTrips() {
    EncryptResponse encrypted = client.encrypt(r -> r.keyId(key).plaintext(SdkBytes.fromUtf8String("pa\u00dfword"))
        .encryptionContext(CONTEXT));
    DecryptResponse decrypted = client.decrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob())
        .encryptionContext(CONTEXT).keyId(key));

    assertThat(encrypted.keyId()).isEqualTo(key);
    assertThat(encrypted.encryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
    assertThat(decrypted.plaintext().asUtf8String()).isEqualTo("pa\u00dfword");
    assertThat(decrypted.keyId()).isEqualTo(key);
  }

  @Test
  void decrypt_withoutKeyId_likeTheLambdaConsoleHelpersCiphertext() {
    DecryptResponse response = client.decrypt(r -> r.ciphertextBlob(blob("db-pass")).encryptionContext(CONTEXT));

    assertThat(response.plaintext().asUtf8String()).isEqualTo("db-pass");
    assertThat(response.keyId()).isEqualTo(key);
    assertThat(response.encryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
  }

  @Test
  void wire_whatTheSdkSends() {
    SdkBytes blob = blob("v");

    client.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(CONTEXT));

    RecordedRequest request = kms.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/");
    assertThat(request.query()).isEmpty();
    assertThat(request.header("X-Amz-Target")).hasValue("TrentService.Decrypt");
    assertThat(request.header("Content-Type")).hasValue("application/x-amz-json-1.1");
    assertThat(request.header("Authorization")).get().asString()
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/").contains("/us-east-1/kms/aws4_request");
    assertThat(request.header("X-Amz-Date")).isPresent();
    assertThat(request.header("amz-sdk-invocation-id")).isPresent();
    assertThat(request.header("User-Agent")).get().asString().startsWith("aws-sdk-java/2.57.8");
    assertThat(request.bodyUtf8()).isEqualTo("{\"CiphertextBlob\":\"" + AwsKmsEmulatorWireTest.b64(blob.asByteArray())
        + "\",\"EncryptionContext\":{\"LambdaFunctionName\":\"orders\"}}");
  }

  @Test
  void decrypt_wrongContext_invalidCiphertextException() {
    SdkBytes blob = blob("v");

    InvalidCiphertextException e = catchThrowableOfType(InvalidCiphertextException.class,
        () -> client.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(Map.of("LambdaFunctionName", "other"))));

    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidCiphertextException");
    assertThat(e.awsErrorDetails().errorMessage()).contains("encryption context");
    assertThat(e.requestId()).isNotBlank();
  }

  @Test
  void decrypt_keyIdOfAnotherKey_incorrectKeyException() {
    String other = kms.createKey();
    SdkBytes blob = blob("v");

    assertThatThrownBy(() -> client.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(CONTEXT).keyId(other)))
        .isInstanceOf(IncorrectKeyException.class);
  }

  @Test
  void encrypt_unknownKey_notFoundException() {
    String missing = key.substring(0, key.length() - 4) + "0000";

    assertThatThrownBy(() -> client.encrypt(r -> r.keyId(missing).plaintext(SdkBytes.fromUtf8String("x"))))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("does not exist");
  }

  @Test
  void deny_kmsExceptionWithTheAccessDeniedCode() {
    SdkBytes blob = blob("v");
    kms.knobs().deny(key);

    KmsException e = catchThrowableOfType(KmsException.class,
        () -> client.decrypt(r -> r.ciphertextBlob(blob).encryptionContext(CONTEXT)));

    // KMS's model has no AccessDeniedException shape: the SDK raises the service's base exception.
    assertThat(e.getClass()).isEqualTo(KmsException.class);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.isThrottlingException()).isFalse();
  }

  @Test
  void throttling_isSeenAsThrottling_andRetriedByTheDefaultStrategy() {
    kms.knobs().failNext(1, 429);
    KmsException e = catchThrowableOfType(KmsException.class,
        () -> client.decrypt(r -> r.ciphertextBlob(blob("v")).encryptionContext(CONTEXT)));
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
    assertThat(e.isThrottlingException()).isTrue();

    try (KmsClient retrying = AwsClients.kms(kms.endpoint(), true)) {
      kms.knobs().failNext(1, 429);
      int before = kms.requests().size();

      DecryptResponse response = retrying.decrypt(r -> r.ciphertextBlob(blob("v")).encryptionContext(CONTEXT));

      assertThat(response.plaintext().asUtf8String()).isEqualTo("v");
      assertThat(kms.requests().size() - before).isEqualTo(2);
    }
  }

  @Test
  void internalErrors_retriedByTheDefaultStrategy_untilItGivesUp() {
    try (KmsClient retrying = AwsClients.kms(kms.endpoint(), true)) {
      kms.knobs().failNext(1, 500);
      assertThat(retrying.decrypt(r -> r.ciphertextBlob(blob("v")).encryptionContext(CONTEXT)).plaintext()
          .asUtf8String()).isEqualTo("v");

      kms.knobs().failNext(10, 500);
      int before = kms.requests().size();
      assertThatThrownBy(() -> retrying.decrypt(r -> r.ciphertextBlob(blob("v")).encryptionContext(CONTEXT)))
          .isInstanceOf(KmsInternalException.class);
      assertThat(kms.requests().size() - before).isEqualTo(4); // the default (legacy) mode: 1 try + 3 retries
      kms.knobs().reset();
    }
  }

  @Test
  void requireSignatures_theSdksSignature_isAccepted() {
    kms.requireSignatures("AKIDEXAMPLE", "not-a-secret");

    DecryptResponse response = client.decrypt(r -> r.ciphertextBlob(blob("signed")).encryptionContext(CONTEXT));

    assertThat(response.plaintext().asUtf8String()).isEqualTo("signed");
  }

  @Test
  void requireSignatures_anotherSecretKey_invalidSignatureException() {
    kms.requireSignatures("AKIDEXAMPLE", "another-secret");

    KmsException e = catchThrowableOfType(KmsException.class,
        () -> client.decrypt(r -> r.ciphertextBlob(blob("v")).encryptionContext(CONTEXT)));

    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
    assertThat(e.statusCode()).isEqualTo(400);
  }

  @Test
  void requireSignatures_unknownAccessKey_unrecognizedClientException() {
    kms.requireSignatures("AKIDOTHER", "not-a-secret");

    KmsException e = catchThrowableOfType(KmsException.class,
        () -> client.decrypt(r -> r.ciphertextBlob(blob("v")).encryptionContext(CONTEXT)));

    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
  }
}
