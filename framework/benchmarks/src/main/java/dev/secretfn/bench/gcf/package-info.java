/**
 * The benchmark's GCF scenario functions: the empty function (the runtime floor), a function that reads two
 * plaintext variables, the physical floor (one plain HTTP call), secretfn with 10 secrets from memory (the
 * framework overhead), secretfn functions with 1 and with 10 secrets on the stores' default transport, and the
 * 10 secrets from Secret Manager. Shaded into the {@code gcf} jar.
 */
package dev.secretfn.bench.gcf;
