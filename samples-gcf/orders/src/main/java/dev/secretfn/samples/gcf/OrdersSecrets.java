package dev.secretfn.samples.gcf;

import dev.secretfn.Refresh;
import dev.secretfn.Refreshing;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretVar;

/**
 * The database credentials of the orders function, two fields of one JSON object in Cloud Storage:
 * {@code DB_USER=gs://BUCKET/orders/credentials.json#username}, {@code DB_PASS=...#password}. Both refresh
 * (at most every 5 minutes, and on demand when the database rejects them), so a rotated password reaches warm
 * instances without a redeploy; being fields of one object, they refresh together in one read. Refreshing needs
 * a reference that can change: the object without {@code ?generation=} (a pinned generation, or a KMS
 * ciphertext in the variable, fails start-up).
 */
@SecretDeclarations
interface OrdersSecrets {
  @SecretVar("DB_USER") @Refresh(maxAgeSeconds = 300) Refreshing<String> dbUser();

  @SecretVar("DB_PASS") @Refresh(maxAgeSeconds = 300) Refreshing<Secret> dbPass();
}
