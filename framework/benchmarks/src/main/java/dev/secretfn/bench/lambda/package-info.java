/**
 * The benchmark's Lambda scenario handlers: the empty handler (the runtime floor), a handler that reads two
 * plaintext variables, the physical floor (one plain HTTP call), secretfn with 10 secrets from memory (the
 * framework overhead), and secretfn handlers with 1 and with 10 secrets on the stores' default transport. Shaded
 * into the {@code lambda} jar.
 * Configure each by its class name alone.
 */
package dev.secretfn.bench.lambda;
