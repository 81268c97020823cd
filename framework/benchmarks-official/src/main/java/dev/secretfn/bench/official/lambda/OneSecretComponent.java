package dev.secretfn.bench.official.lambda;

import dagger.Component;
import dev.secretfn.aws.kms.AwsKmsModule;
import dev.secretfn.aws.kms.client.AwsKmsClientTransportModule;
import jakarta.inject.Singleton;

@Singleton
@Component(modules = {OneSecretModule.class, AwsKmsModule.class, AwsKmsClientTransportModule.class})
interface OneSecretComponent {
  OneSecretHandler handler();
}
