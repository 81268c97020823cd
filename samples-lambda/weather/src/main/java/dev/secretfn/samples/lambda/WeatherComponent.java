package dev.secretfn.samples.lambda;

import dagger.Component;
import dev.secretfn.aws.kms.AwsKmsModule;
import jakarta.inject.Singleton;

@Singleton
@Component(modules = {WeatherSecretsModule.class, AwsKmsModule.class, UpstreamModule.class})
interface WeatherComponent {
  WeatherApiHandler handler();
}
