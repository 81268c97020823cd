package dev.secretfn.stores;

/**
 * How a suite's test component sends the stores' calls: each store's lean default (the JDK's HttpURLConnection),
 * or each store's official client library, selected as a user selects it, by adding the store's
 * {@code *ClientTransportModule} to the component ({@link OfficialTransports}). The suites that run on both
 * ({@link StoreFaultMatrixTest}, {@link StoreLeakAuditTest}, {@link ObjectStoreSourceTest}) hold both transports
 * to the same expectations, except for the differences docs/transports.md lists, which they spell out where they
 * assert them.
 */
public enum Transport {
  LEAN,
  OFFICIAL
}
