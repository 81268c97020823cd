package dev.secretfn.vault;

import dev.secretfn.Secret;

/**
 * A Vault token held in memory only. Never printed: {@link #toString()} says only what kind it is.
 */
final class VaultToken {
  private final Secret token;
  private final boolean batch;

  VaultToken(Secret token, boolean batch) {
    this.token = token;
    this.batch = batch;
  }

  /** The header value; the String lives as briefly as the request that sends it. */
  String reveal() {
    return token.revealString();
  }

  /** Batch tokens cannot be revoked; they expire with their short TTL. */
  boolean isBatch() {
    return batch;
  }

  void wipe() {
    token.wipe();
  }

  @Override
  public String toString() {
    return "VaultToken[" + (batch ? "batch" : "service") + ", redacted]";
  }
}
