package dev.secretfn.aws.ssm;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.secretfn.aws.ssm.internal.SsmTransportModule;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;

/**
 * Binds the SSM Parameter Store source: {@code ssm:///path/name} and {@code ssm://name} references, optionally
 * {@code ?version=N} or {@code ?label=L}, and {@code #field} of a JSON value. Needs {@code ssm:GetParameters} on the
 * parameters, and {@code kms:Decrypt} on the key of a SecureString encrypted under a customer managed key.
 *
 * <p>Up to ten parameters of one start-up are read with one {@code GetParameters} call (AWS JSON 1.1, {@code
 * WithDecryption: true}) over the JDK's {@code HttpURLConnection}, signed with the project's SigV4 signer and the
 * SDK's credential providers; the transport is built on first use. SecureString values are decrypted, String values
 * read as they are, StringList values as Parameter Store returns them (comma-separated). The region is {@code
 * AWS_REGION}. The endpoint is the region's, with {@code AWS_USE_FIPS_ENDPOINT} and {@code
 * AWS_USE_DUALSTACK_ENDPOINT}, unless {@code AWS_ENDPOINT_URL_SSM} or {@code AWS_ENDPOINT_URL} names one, or
 * {@value #EMULATOR_HOST} a loopback emulator. Under SnapStart, priming sends one unsigned call and reads no
 * credentials. To call Parameter Store through the AWS SDK's {@code SsmClient} instead, add {@code
 * SsmClientTransportModule} of {@code secretfn-aws-ssm-client} to the component; batching is the same.
 */
@Module(includes = SsmTransportModule.class)
public abstract class SsmModule {
  /** Environment variable: {@code host:port} of a loopback SSM emulator (tests and the local launcher only). */
  public static final String EMULATOR_HOST = "SECRETFN_AWS_SSM_EMULATOR_HOST";

  private SsmModule() {}

  @Binds
  @IntoSet
  abstract SecretSource ssm(SsmSource source);

  @Binds
  @IntoSet
  abstract ReferenceSyntax ssmSyntax(SsmSyntax syntax);
}
