package dev.secretfn.bench.official.lambda;

import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretVar;

/**
 * The billing sample's declarations (samples-lambda/billing): two fields of one AWS Secrets Manager JSON secret,
 * {@code DB_USER=aws-sm://…#username} and {@code DB_PASS=aws-sm://…#password} (fetched once), and two SecureString
 * parameters read together in one {@code GetParameters} call, {@code SIGNING_KEY=ssm://…?version=N} and {@code
 * WEBHOOK_SECRET=ssm://…}.
 */
@SecretDeclarations
interface ManagedSecrets {
  @SecretVar("DB_USER") String dbUser();

  @SecretVar("DB_PASS") Secret dbPass();

  @SecretVar("SIGNING_KEY") Secret signingKey();

  @SecretVar("WEBHOOK_SECRET") Secret webhookSecret();
}
