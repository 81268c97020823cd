package dev.secretfn.bench.lambda;

import dagger.Component;
import dev.secretfn.aws.kms.AwsKmsModule;
import dev.secretfn.aws.s3.S3Module;
import jakarta.inject.Singleton;

@Singleton
@Component(modules = {TenSecretsModule.class, AwsKmsModule.class, S3Module.class})
interface TenSecretsComponent {
  TenSecretsHandler handler();
}
