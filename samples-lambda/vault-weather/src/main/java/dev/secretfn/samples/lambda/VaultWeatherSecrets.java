package dev.secretfn.samples.lambda;

import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretVar;

/** The weather API key, kept in Vault: {@code API_KEY=vault://secret/weather#value}. */
@SecretDeclarations
interface VaultWeatherSecrets {
  @SecretVar("API_KEY") Secret apiKey();
}
