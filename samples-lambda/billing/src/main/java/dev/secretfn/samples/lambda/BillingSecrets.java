package dev.secretfn.samples.lambda;

import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretVar;

/**
 * Database credentials as two fields of one AWS Secrets Manager secret (fetched once): {@code
 * DB_USER=aws-sm://prod/billing/db#username}, {@code DB_PASS=aws-sm://prod/billing/db#password}; and two
 * SecureString parameters, read together in one {@code GetParameters} call: {@code
 * SIGNING_KEY=ssm:///secretfn/billing/signing-key?version=2}, {@code WEBHOOK_SECRET=ssm://billing-webhook-secret}.
 */
@SecretDeclarations
interface BillingSecrets {
  @SecretVar("DB_USER") String dbUser();

  @SecretVar("DB_PASS") Secret dbPass();

  @SecretVar("SIGNING_KEY") Secret signingKey();

  @SecretVar("WEBHOOK_SECRET") Secret webhookSecret();
}
