package dev.secretfn.samples.gcf;

import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretVar;

/**
 * The secrets of the shipment events function, all in Secret Manager: the orders database's credentials as
 * fields of one pinned JSON secret, by resource name ({@code
 * gcp-sm://projects/P/secrets/orders-db/versions/2#password}; both fields come from one read), and the weather
 * API key in Berglas's form, pinned by its fragment ({@code sm://P/weather-api-key#1}).
 */
@SecretDeclarations
interface ShipmentEventsSecrets {
  @SecretVar("DB_USER") String dbUser();

  @SecretVar("DB_PASS") Secret dbPass();

  @SecretVar("API_KEY") Secret apiKey();
}
