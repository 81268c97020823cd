/**
 * The benchmark's Lambda scenario handlers on the official clients: secretfn with 1 and with 10 secrets, the same
 * declarations, handlers and references as {@code dev.secretfn.bench.lambda}, with {@code
 * AwsKmsClientTransportModule} and {@code S3ClientTransportModule} in the components; the ten secrets from SSM
 * Parameter Store with {@code SsmClientTransportModule}; and the billing sample's Secrets Manager and SSM secrets
 * with {@code SecretsManagerClientTransportModule} and {@code SsmClientTransportModule} (for the end-to-end test).
 * Shaded into the {@code lambda} jar. Configure each by its class name alone.
 */
package dev.secretfn.bench.official.lambda;
