package dev.secretfn.aws.kms;

import dagger.Lazy;
import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsErrors;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;

/** Decrypts {@code aws-kms://} references and bare ciphertexts declared {@code @Encrypted(Kms.AWS)}. */
final class AwsKmsSource implements SecretSource {
  private final Lazy<KmsClient> client;
  private final AwsConfig config;

  @Inject
  AwsKmsSource(Lazy<KmsClient> client, AwsConfig config) {
    this.client = client;
    this.config = config;
  }

  @Override
  public Scheme scheme() {
    return AwsKmsCiphertext.SCHEME;
  }

  @Override
  public Secret fetch(Fetch fetch) throws SourceException, InterruptedException {
    AwsKmsCiphertext reference = (AwsKmsCiphertext) fetch.reference();
    Map<String, String> context;
    try {
      context = config.encryptionContext().resolve(config.environment());
    } catch (IllegalStateException e) {
      throw SourceException.permanent(Step.SOURCE_SETUP, e.getMessage());
    }
    String key = reference.keyId().orElse("the key in the ciphertext blob");
    DecryptRequest.Builder request = DecryptRequest.builder()
        .ciphertextBlob(SdkBytes.fromByteArray(reference.ciphertext()))
        .encryptionContext(context)
        .overrideConfiguration(AwsRequestOverrideConfiguration.builder().apiCallTimeout(fetch.remaining()).build());
    reference.keyId().ifPresent(request::keyId);
    DecryptResponse response;
    try {
      response = AwsErrors.built(client).decrypt(request.build());
    } catch (AwsServiceException e) {
      throw AwsErrors.kms(e, key, describe(context));
    } catch (SdkClientException e) {
      throw AwsErrors.client(e, key, Step.DECRYPT);
    }
    byte[] plaintext = response.plaintext().asByteArrayUnsafe();
    try {
      return Secret.copyOf(plaintext);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "AwsKmsSource";
  }

  private static String describe(Map<String, String> context) {
    return context.isEmpty() ? "no encryption context" : "encryption context " + new TreeMap<>(context);
  }
}
