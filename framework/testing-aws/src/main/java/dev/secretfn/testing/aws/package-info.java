/**
 * Wire-level emulators of AWS APIs for tests and the local launcher: {@link
 * dev.secretfn.testing.aws.AwsKmsEmulator} (AWS KMS, JSON 1.1 protocol), {@link
 * dev.secretfn.testing.aws.S3Emulator} (S3 REST API, path style) and {@link
 * dev.secretfn.testing.aws.LambdaRuntimeEmulator} (the Lambda Runtime API, for the real runtime interface
 * client).
 *
 * <p>Each emulator is a JDK {@code com.sun.net.httpserver.HttpServer} on 127.0.0.1 and an ephemeral port that
 * answers what the AWS clients send, so the clients are used unchanged with only their endpoint overridden.
 * Requests are not authenticated: any credentials do, and nothing checks the SigV4 signature, unless a test asks
 * the KMS emulator to ({@link dev.secretfn.testing.aws.AwsKmsEmulator#requireSignatures}). Cryptography and
 * checksums are real (AES-256-GCM, MD5, CRC32). Every emulator records the requests it receives; the KMS and S3
 * emulators have {@link dev.secretfn.testing.emulator.EmulatorKnobs} for latency and faults.
 */
package dev.secretfn.testing.aws;
