package dev.secretfn.samples.lambda;

import dev.secretfn.Encrypted;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretVar;
import dev.secretfn.Kms;

/**
 * The weather API key: a variable encrypted with the Lambda console's helpers (bare base64 blob, encryption
 * context {@code LambdaFunctionName}), or any reference.
 */
@SecretDeclarations
interface WeatherSecrets {
  @SecretVar("API_KEY") @Encrypted(Kms.AWS) Secret apiKey();
}
