/**
 * What both runtimes' scenario functions share, shaded into the {@code gcf} and the {@code lambda} jar: the one
 * plain {@code HttpURLConnection} call of the physical-floor scenario, and the in-memory source of the
 * framework-overhead scenario.
 */
package dev.secretfn.bench.common;
