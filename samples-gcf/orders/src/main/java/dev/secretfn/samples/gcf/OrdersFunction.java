package dev.secretfn.samples.gcf;

import dev.secretfn.gcf.SecretHttpFunction;

/**
 * HTTP function: lists open orders with database credentials that are deployed either as KMS-encrypted
 * variables (the seed's first pattern) or as fields of a JSON object in Cloud Storage (its second pattern).
 */
public final class OrdersFunction extends SecretHttpFunction {
  public OrdersFunction() {
    super(() -> DaggerOrdersComponent.create().handler());
  }
}
