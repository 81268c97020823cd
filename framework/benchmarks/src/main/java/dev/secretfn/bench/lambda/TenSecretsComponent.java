package dev.secretfn.bench.lambda;

import dagger.Component;
import dev.secretfn.aws.AwsKmsModule;
import dev.secretfn.aws.S3Module;
import jakarta.inject.Singleton;

@Singleton
@Component(modules = {TenSecretsModule.class, AwsKmsModule.class, S3Module.class})
interface TenSecretsComponent {
  TenSecretsHandler handler();
}
