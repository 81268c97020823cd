package dev.secretfn.samples.lambda;

import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretVar;

/**
 * Database credentials as two fields of one JSON object in S3 (read once):
 * {@code DB_USER=s3://BUCKET/orders/credentials.json#username}, {@code DB_PASS=...#password}.
 */
@SecretDeclarations
interface OrdersSecrets {
  @SecretVar("DB_USER") String dbUser();

  @SecretVar("DB_PASS") Secret dbPass();
}
