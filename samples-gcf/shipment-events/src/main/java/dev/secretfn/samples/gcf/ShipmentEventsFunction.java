package dev.secretfn.samples.gcf;

import dev.secretfn.gcf.SecretCloudEventsFunction;

/**
 * CloudEvents function triggered by Pub/Sub ({@code gcloud functions deploy ... --trigger-topic=shipments}): for
 * each shipment announced on the topic, it reads the forecast at the destination and the open orders, with
 * secrets from Secret Manager that were resolved once, when the instance started.
 */
public final class ShipmentEventsFunction extends SecretCloudEventsFunction {
  public ShipmentEventsFunction() {
    super(() -> DaggerShipmentEventsComponent.create().handler());
  }
}
