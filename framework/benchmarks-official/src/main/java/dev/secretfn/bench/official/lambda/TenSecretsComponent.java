package dev.secretfn.bench.official.lambda;

import dagger.Component;
import dev.secretfn.aws.kms.AwsKmsModule;
import dev.secretfn.aws.kms.client.AwsKmsClientTransportModule;
import dev.secretfn.aws.s3.S3Module;
import dev.secretfn.aws.s3.client.S3ClientTransportModule;
import jakarta.inject.Singleton;

@Singleton
@Component(modules = {TenSecretsModule.class, AwsKmsModule.class, AwsKmsClientTransportModule.class, S3Module.class,
    S3ClientTransportModule.class})
interface TenSecretsComponent {
  TenSecretsHandler handler();
}
