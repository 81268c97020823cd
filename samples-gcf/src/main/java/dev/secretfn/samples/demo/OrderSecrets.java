package dev.secretfn.samples.demo;

import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretVar;

/** The secrets the orders handler needs; secretfn-compiler generates {@code OrderSecretsModule} from it. */
@SecretDeclarations
interface OrderSecrets {
  @SecretVar("DB_USER") String dbUser();

  @SecretVar("DB_PASS") Secret dbPass();

  @SecretVar("WEBHOOK_KEY") Secret webhookKey();
}
