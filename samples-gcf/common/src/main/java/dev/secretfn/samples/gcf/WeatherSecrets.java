package dev.secretfn.samples.gcf;

import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretVar;

/** The weather API key, deployed as a Berglas secret: {@code API_KEY=berglas://BUCKET/weather-api-key}. */
@SecretDeclarations
interface WeatherSecrets {
  @SecretVar("API_KEY") Secret apiKey();
}
