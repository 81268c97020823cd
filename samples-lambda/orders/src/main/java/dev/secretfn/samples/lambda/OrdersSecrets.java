package dev.secretfn.samples.lambda;

import dev.secretfn.Refresh;
import dev.secretfn.Refreshing;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretVar;

/**
 * Database credentials as two fields of one JSON object in S3:
 * {@code DB_USER=s3://BUCKET/orders/credentials.json#username}, {@code DB_PASS=...#password}. Both refresh (at
 * most every 5 minutes, and on demand when the database rejects them), so a rotated password reaches warm
 * environments without a redeploy; being fields of one object, they refresh together in one read. Refreshing
 * needs a reference that can change: the object without {@code ?versionId=} (a pinned version fails start-up).
 */
@SecretDeclarations
interface OrdersSecrets {
  @SecretVar("DB_USER") @Refresh(maxAgeSeconds = 300) Refreshing<String> dbUser();

  @SecretVar("DB_PASS") @Refresh(maxAgeSeconds = 300) Refreshing<Secret> dbPass();
}
