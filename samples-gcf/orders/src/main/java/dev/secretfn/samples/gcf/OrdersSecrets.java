package dev.secretfn.samples.gcf;

import dev.secretfn.Encrypted;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretVar;
import dev.secretfn.Kms;

/**
 * The database credentials of the orders function. Declared {@code @Encrypted(Kms.GCP)} so that the seed's
 * deployment (bare {@code gcloud kms encrypt | base64 -w0} values, key in KMS_CRYPTO_KEY_ID) works as is;
 * the same variables may instead hold references such as {@code gs://BUCKET/credentials.json#password}.
 */
@SecretDeclarations
interface OrdersSecrets {
  @SecretVar("DB_USER") @Encrypted(Kms.GCP) String dbUser();

  @SecretVar("DB_PASS") @Encrypted(Kms.GCP) Secret dbPass();
}
