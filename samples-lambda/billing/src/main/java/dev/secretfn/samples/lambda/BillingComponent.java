package dev.secretfn.samples.lambda;

import dagger.Component;
import dev.secretfn.aws.secretsmanager.SecretsManagerModule;
import dev.secretfn.aws.ssm.SsmModule;
import jakarta.inject.Singleton;

@Singleton
@Component(modules = {BillingSecretsModule.class, SecretsManagerModule.class, SsmModule.class, UpstreamModule.class})
interface BillingComponent {
  BillingWebhookHandler handler();
}
