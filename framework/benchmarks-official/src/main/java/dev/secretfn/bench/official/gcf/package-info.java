/**
 * The benchmark's GCF scenario functions on the official clients: secretfn with 1 and with 10 secrets, the same
 * declarations, handlers and references as {@code dev.secretfn.bench.gcf}, with {@code
 * CloudKmsClientTransportModule} and {@code CloudStorageClientTransportModule} in the components; and the ten
 * secrets from Secret Manager with {@code SecretManagerClientTransportModule}. Shaded into the {@code gcf} jar.
 */
package dev.secretfn.bench.official.gcf;
