/**
 * The benchmark's Lambda scenario handlers: the empty handler (the runtime floor), a handler that reads two
 * plaintext variables, the physical floor (one plain HTTP call), secretfn with 10 secrets from memory (the
 * framework overhead), secretfn handlers with 1 and with 10 secrets on the stores' default transport, and the 10
 * secrets from SSM Parameter Store, batched and one call each. Shaded into the {@code lambda} jar.
 * Configure each by its class name alone.
 */
package dev.secretfn.bench.lambda;
