package dev.secretfn.spi;

import dev.secretfn.Secret;
import dev.secretfn.ref.Scheme;

/**
 * Fetches secret material for the references of one scheme. Implemented by the cloud modules; users bind a
 * source into their component through that source's Dagger module, never by classpath discovery.
 *
 * <p>The resolver hands a source the batch of references that start-up needs, one {@link Fetch} per distinct
 * reference (fields stripped, so one object serves all its fields), each on its own thread and all at once.
 * A source therefore must be thread-safe; it should create its client lazily on the first fetch and reuse it
 * (a Dagger {@code Lazy} or scoped binding does this). Retries, deadlines and field selection are the
 * resolver's job: a source makes one attempt per call and says whether a retry could help.
 *
 * <pre>{@code
 * final class MySource implements SecretSource {
 *   public Scheme scheme() { return Scheme.GCS; }
 *   public Secret fetch(Fetch fetch) throws SourceException {
 *     GcsObject object = (GcsObject) fetch.reference();
 *     ...
 *   }
 * }
 * }</pre>
 */
public interface SecretSource {
  /** The one scheme this source resolves. */
  Scheme scheme();

  /**
   * Makes one attempt to fetch the plaintext for {@code fetch.reference()}, which has no field.
   *
   * <p>Must respect {@link Fetch#remaining()} (set client timeouts from it) and respond to interruption: the
   * resolver interrupts fetches that outlive the deadline.
   *
   * @throws SourceException when the attempt failed; its message names the resource and never any plaintext
   * @throws InterruptedException when interrupted
   */
  Secret fetch(Fetch fetch) throws SourceException, InterruptedException;

  /**
   * Called once per {@link dev.secretfn.SecretResolver#resolve} call, before any {@link #fetch}, with every
   * distinct reference (fields stripped) this source will be asked for, in the order of their variables. A
   * source whose service reads several secrets in one call (SSM {@code GetParameters}) plans its batches here;
   * the fetches still come one per reference, at once. Must not throw; whatever it throws is logged and
   * ignored. Does nothing by default.
   */
  default void expect(java.util.List<dev.secretfn.ref.SecretReference> references) {}

  /**
   * Called once per {@link dev.secretfn.SecretResolver#resolve} call on every source that had at least one
   * fetch, after all its fetches ended (succeeded, failed, or were abandoned at the deadline), on the thread
   * that called {@code resolve}. A source that holds a credential only for start-up drops it here (the Vault
   * source revokes its token). Must not throw; whatever it throws is logged and ignored. Does nothing by
   * default.
   */
  default void resolutionFinished() {}

  /**
   * Readies this source for a fast first fetch without fetching anything: builds its transport, loads and
   * initialises its classes, and runs its request path on a request that carries no secret and no credential
   * (for example a deliberately failing call, or a request signed with throwaway credentials and never sent).
   * Lambda SnapStart calls it before the checkpoint, so that after a restore only the fetches remain.
   *
   * <h2>WARNING</h2>
   * Must not resolve any declared secret, read credentials, or keep anything derived from them: whatever is in
   * memory now is in every snapshot. Must not throw for a failed call (that is the point of one); must return
   * within {@code timeout}. Does nothing by default.
   */
  default void prime(java.time.Duration timeout) throws InterruptedException {}
}
