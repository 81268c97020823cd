package dev.secretfn.samples.lambda;

import dagger.Component;
import dev.secretfn.aws.s3.S3Module;
import jakarta.inject.Singleton;

@Singleton
@Component(modules = {OrdersSecretsModule.class, S3Module.class, UpstreamModule.class})
interface OrdersComponent {
  OrdersStreamHandler handler();
}
