/**
 * The benchmark's naive GCF comparator (issue 5): what a function does without secretfn, written the way the
 * "Secrets in Serverless" samples do it. Shaded with the client libraries' full default closure into this module's
 * {@code gcf} jar.
 */
package dev.secretfn.bench.naive.gcf;
