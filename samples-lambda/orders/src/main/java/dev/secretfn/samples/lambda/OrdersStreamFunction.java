package dev.secretfn.samples.lambda;

import dev.secretfn.lambda.SecretRequestStreamHandler;

/**
 * Stream function: open orders from the orders API, with database credentials from a JSON object in S3,
 * refreshed when they are rotated. Handler: {@code dev.secretfn.samples.lambda.OrdersStreamFunction}.
 */
public final class OrdersStreamFunction extends SecretRequestStreamHandler {
  public OrdersStreamFunction() {
    super(() -> DaggerOrdersComponent.create().handler());
  }
}
