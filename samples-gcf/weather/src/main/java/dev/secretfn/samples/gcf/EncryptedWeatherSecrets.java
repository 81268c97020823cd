package dev.secretfn.samples.gcf;

import dev.secretfn.Encrypted;
import dev.secretfn.Kms;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretVar;

/**
 * The weather function's API key, in either of the seed's patterns that wrap it with Cloud KMS: a Berglas secret
 * ({@code API_KEY=berglas://BUCKET/weather-api-key}), or a KMS-encrypted variable (a bare {@code gcloud kms
 * encrypt | base64 -w0} value, its key in {@code KMS_CRYPTO_KEY_ID}), hence {@code @Encrypted(Kms.GCP)}. A value
 * that contains {@code ://} is read as a reference, so both deployments use this one declaration.
 */
@SecretDeclarations
interface EncryptedWeatherSecrets {
  @SecretVar("API_KEY") @Encrypted(Kms.GCP) Secret apiKey();
}
