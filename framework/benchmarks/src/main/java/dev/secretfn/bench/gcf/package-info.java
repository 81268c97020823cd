/**
 * The benchmark's GCF scenario functions: the empty function (the runtime floor), a function that reads two
 * plaintext variables, and secretfn functions with 1 and with 10 secrets. Shaded into the {@code gcf} jar.
 */
package dev.secretfn.bench.gcf;
