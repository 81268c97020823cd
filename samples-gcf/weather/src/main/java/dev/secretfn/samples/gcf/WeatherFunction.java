package dev.secretfn.samples.gcf;

import dev.secretfn.gcf.SecretHttpFunction;

/**
 * HTTP function: a weather forecast through an API whose key is a Berglas secret (the seed's third pattern) or a
 * KMS-encrypted variable (its first).
 */
public final class WeatherFunction extends SecretHttpFunction {
  public WeatherFunction() {
    super(() -> DaggerWeatherComponent.create().handler());
  }
}
