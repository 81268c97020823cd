package dev.secretfn.aws.secretsmanager;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.secretfn.aws.secretsmanager.internal.SecretsManagerTransportModule;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;

/**
 * Binds the AWS Secrets Manager source: {@code aws-sm://NAME-OR-ARN[?versionId=ID | ?versionStage=LABEL][#FIELD]}.
 * Needs {@code secretsmanager:GetSecretValue} on the secret's ARN, and {@code kms:Decrypt} on its KMS key when that
 * is a customer-managed key.
 *
 * <p>Calls {@code GetSecretValue} (AWS JSON 1.1) over the JDK's {@code HttpURLConnection}, SigV4-signed with the
 * AWS SDK's credential providers (the execution role's variables on Lambda, the container credentials under
 * SnapStart, the default chain elsewhere); the transport is built on first use. The region is the secret ARN's
 * when the reference names one, else {@code AWS_REGION}. The endpoint is the region's, with {@code
 * AWS_USE_FIPS_ENDPOINT} and {@code AWS_USE_DUALSTACK_ENDPOINT}, unless {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} or
 * {@code AWS_ENDPOINT_URL} names one ({@code https://}, or {@code http://} on a loopback host; ignored under
 * {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}). {@code SecretString} is the secret as UTF-8, {@code
 * SecretBinary} its bytes; the value is read up to {@code AwsSettings.maxObjectBytes} (64 KiB, Secrets Manager's
 * own limit). Under SnapStart, priming sends one unsigned call and reads no credentials.
 *
 * <p>A reference without {@code ?versionId=} reads whatever version holds its label when an instance starts
 * ({@code AWSCURRENT} by default): start-up logs a warning for it, because a rotation reaches every new instance
 * at once.
 *
 * <p>To call Secrets Manager through the SDK's {@code SecretsManagerClient} instead (the SDK's full endpoint rules
 * and the shared config file's endpoint settings, say), add {@code SecretsManagerClientTransportModule} of {@code
 * secretfn-aws-secretsmanager-client} to the component too. Both transports give the same messages, fixes and
 * retries.
 */
@Module(includes = SecretsManagerTransportModule.class)
public abstract class SecretsManagerModule {
  private SecretsManagerModule() {}

  @Binds
  @IntoSet
  abstract SecretSource secretsManager(SecretsManagerSource source);

  @Binds
  @IntoSet
  abstract ReferenceSyntax secretsManagerSyntax(SecretsManagerSyntax syntax);
}
