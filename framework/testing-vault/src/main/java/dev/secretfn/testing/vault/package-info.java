/**
 * A HashiCorp Vault emulator ({@link dev.secretfn.testing.vault.VaultEmulator}) and a Google metadata server
 * stand-in ({@link dev.secretfn.testing.vault.MetadataServerEmulator}) for the Vault source's tests and the
 * local launchers; never on a function's class path.
 */
package dev.secretfn.testing.vault;
