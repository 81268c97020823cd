package dev.secretfn.aws.kms;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.secretfn.aws.kms.internal.AwsKmsTransportModule;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;

/**
 * Binds the AWS KMS source: {@code aws-kms://[KEY]?ciphertext=...} references and bare ciphertexts declared
 * {@code @Encrypted(Kms.AWS)}, as the Lambda console's encryption helpers make them. Needs {@code kms:Decrypt}
 * on the key.
 *
 * <p>Calls AWS KMS's {@code Decrypt} (AWS JSON 1.1) over the JDK's {@code HttpURLConnection}, signed with the AWS
 * SDK's SigV4 signer and credential providers (the execution role's variables on Lambda, the container
 * credentials under SnapStart, the default chain elsewhere); the transport is built on first use. The region is
 * the key ARN's when the reference names one, else {@code AWS_REGION}. The endpoint is the region's, with {@code
 * AWS_USE_FIPS_ENDPOINT} and {@code AWS_USE_DUALSTACK_ENDPOINT}, unless {@code AWS_ENDPOINT_URL_KMS} or {@code
 * AWS_ENDPOINT_URL} names one ({@code https://}, or {@code http://} on a loopback host; ignored under {@code
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}). Under SnapStart, priming sends one unsigned call and reads no
 * credentials.
 *
 * <p>To call KMS through the SDK's {@code KmsClient} instead (the SDK's full endpoint rules and the shared config
 * file's endpoint settings, say), add {@code AwsKmsClientTransportModule} of {@code secretfn-aws-kms-client} to
 * the component too. Both transports give the same messages, fixes and retries.
 */
@Module(includes = AwsKmsTransportModule.class)
public abstract class AwsKmsModule {
  private AwsKmsModule() {}

  @Binds
  @IntoSet
  abstract SecretSource awsKms(AwsKmsSource source);

  @Binds
  @IntoSet
  abstract ReferenceSyntax awsKmsSyntax(AwsKmsSyntax syntax);
}
