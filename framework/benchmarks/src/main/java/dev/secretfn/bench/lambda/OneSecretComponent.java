package dev.secretfn.bench.lambda;

import dagger.Component;
import dev.secretfn.aws.kms.AwsKmsModule;
import jakarta.inject.Singleton;

@Singleton
@Component(modules = {OneSecretModule.class, AwsKmsModule.class})
interface OneSecretComponent {
  OneSecretHandler handler();
}
