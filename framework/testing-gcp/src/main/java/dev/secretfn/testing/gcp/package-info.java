/**
 * Wire-level emulators of Google Cloud APIs for tests and the local launcher: {@link
 * dev.secretfn.testing.gcp.CloudKmsEmulator} (Cloud KMS REST) and {@link
 * dev.secretfn.testing.gcp.CloudStorageEmulator} (Cloud Storage JSON API).
 *
 * <p>Each emulator is a JDK {@code com.sun.net.httpserver.HttpServer} on 127.0.0.1 and an ephemeral port that
 * answers what the official clients send, so the clients are used unchanged with only their endpoint overridden.
 * Cryptography and checksums are real (AES-256-GCM, CRC32C, MD5). Every emulator records the requests it receives
 * and has {@link dev.secretfn.testing.emulator.EmulatorKnobs} for latency and faults.
 *
 * <p>Starting the first emulator sets the system property {@code sun.net.httpserver.nodelay=true} unless it is
 * already set: the JDK server reads it once, and without it every keep-alive request pays ~40 ms. This module is
 * never on a function's production class path.
 */
package dev.secretfn.testing.gcp;
