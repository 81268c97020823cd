package dev.secretfn.vault.aws;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import dev.secretfn.Environment;
import dev.secretfn.vault.VaultLogin;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Logs in to Vault's aws auth method ({@code iam}) with the Lambda function's execution role: a signed {@code
 * sts:GetCallerIdentity} request, with the credentials of the SDK's default chain (Lambda's environment
 * credentials, or the container credentials under SnapStart). Bind an {@link AwsCredentialsProvider} to use
 * others. {@code VAULT_STS_ENDPOINT_REGION} signs for a regional STS endpoint when Vault's aws method is
 * configured with one. Use with {@code VaultModule}; Vault side: a role with {@code auth_type=iam} and {@code
 * bound_iam_principal_arn} set to the execution role's ARN.
 */
@Module
public abstract class VaultAwsLoginModule {
  private VaultAwsLoginModule() {}

  @BindsOptionalOf
  abstract AwsCredentialsProvider credentialsProvider();

  @Provides
  static VaultLogin login(Optional<AwsCredentialsProvider> credentials, Optional<Environment> environment) {
    return new AwsIamLogin(credentials.orElseGet(() -> DefaultCredentialsProvider.builder().build()),
        environment.orElseGet(Environment::system));
  }
}
