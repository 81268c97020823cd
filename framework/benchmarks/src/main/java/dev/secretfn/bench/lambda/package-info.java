/**
 * The benchmark's Lambda scenario handlers: the empty handler (the runtime floor), a handler that reads two
 * plaintext variables, and secretfn handlers with 1 and with 10 secrets. Shaded into the {@code lambda} jar.
 * Configure each by its class name alone.
 */
package dev.secretfn.bench.lambda;
