package dev.secretfn.samples.gcf;

import dev.secretfn.gcf.SecretHttpFunction;

/**
 * HTTP function: lists open orders with database credentials held as fields of a JSON object in Cloud Storage
 * (the seed's second pattern), refreshed when they are rotated.
 */
public final class OrdersFunction extends SecretHttpFunction {
  public OrdersFunction() {
    super(() -> DaggerOrdersComponent.create().handler());
  }
}
