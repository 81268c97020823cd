package dev.secretfn.vault;

import java.time.Duration;
import java.util.Optional;

/** What a {@link VaultLogin} needs to know: the role, the AWS server id header, and the time left. */
public final class VaultLoginContext {
  private final String role;
  private final String authMount;
  private final Optional<String> iamServerId;
  private final long deadlineNanos;
  final String metadataHost;

  VaultLoginContext(String role, String authMount, Optional<String> iamServerId, Duration timeout,
      String metadataHost) {
    this.role = role;
    this.authMount = authMount;
    this.iamServerId = iamServerId;
    this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    this.metadataHost = metadataHost;
  }

  /** The auth method's role to log in with. */
  public String role() {
    return role;
  }

  /** The auth method's mount path, for messages. */
  public String authMount() {
    return authMount;
  }

  /** The value for {@code X-Vault-AWS-IAM-Server-ID}, if the deployment sets one. */
  public Optional<String> iamServerId() {
    return iamServerId;
  }

  /** Time left before the start-up deadline. */
  public Duration remaining() {
    return Duration.ofNanos(deadlineNanos - System.nanoTime());
  }

  @Override
  public String toString() {
    return "VaultLoginContext[role=" + role + ", mount=" + authMount + "]";
  }
}
