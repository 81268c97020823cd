package dev.secretfn;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A secret that is re-read from its store while the function runs, so that a rotated password or key reaches
 * warm instances without a redeploy. Injected in place of the value, with the maximum age on the declaration:
 *
 * <pre>{@code
 * @SecretDeclarations
 * interface OrderSecrets {
 *   @SecretVar("DB_PASS") @Refresh(maxAgeSeconds = 300) Refreshing<Secret> dbPass();
 * }
 * }</pre>
 *
 * <p>{@link #current()} never blocks and never does I/O: it returns the last good value. When that value is
 * older than its maximum age (each refresher draws its own age between 80 % and 100 % of it, so that instances
 * do not all refresh at once), the read also starts one refresh in the background, if none is running, and
 * still returns the value it has. Nothing runs on a timer: an instance that serves no request reads nothing
 * (Lambda freezes it; Cloud Run functions throttle its CPU), and no thread exists before the first refresh, so
 * nothing is scheduled before a SnapStart checkpoint. {@link #refresh()} starts a refresh on demand, for a
 * handler that saw the value rejected. A failed refresh keeps the last good value serving, is logged once per
 * streak of failures (variable, reference, step, cause; never the value), and shows in {@link #status()}.
 *
 * <p>Thread-safe. Read the value once per request, at the start of it, and do not keep it beyond the request:
 *
 * <pre>{@code
 * final class OrderHandler {
 *   private final Refreshing<Secret> dbPass;
 *   private final Database database;
 *
 *   @Inject OrderHandler(@SecretVar("DB_PASS") Refreshing<Secret> dbPass, Database database) {
 *     this.dbPass = dbPass;
 *     this.database = database;
 *   }
 *
 *   Order place(OrderRequest request) throws Exception {
 *     try {
 *       return database.insert(request, dbPass.current());
 *     } catch (AuthenticationFailedException e) {
 *       // The password was rotated after our value was read: read the new one and retry once.
 *       Secret fresh;
 *       try {
 *         fresh = dbPass.refresh().get(5, TimeUnit.SECONDS);
 *       } catch (ExecutionException | TimeoutException refreshFailed) {
 *         throw e;                    // the store is unreachable: the request fails as it would have
 *       }
 *       return database.insert(request, fresh);
 *     }
 *   }
 * }
 * }</pre>
 *
 * <h2>WARNING</h2>
 * A new value replaces the current one, which stays valid (for a request that still holds it) until the next new
 * value arrives; the one before is then wiped ({@link Secret#wipe()}), and reading it throws. A {@code
 * Refreshing<String>} hands out {@code String}s, which cannot be wiped: old values stay in memory until garbage
 * collection. Prefer {@code Refreshing<Secret>}.
 *
 * @param <T> {@link Secret}, or {@code String} for a secret declared as text
 */
public final class Refreshing<T> {
  private final RefreshGroup.Slot slot;
  private final Function<RefreshGroup.Value, T> reader;

  Refreshing(RefreshGroup.Slot slot, Function<RefreshGroup.Value, T> reader) {
    this.slot = slot;
    this.reader = reader;
  }

  /**
   * The last good value; never blocks, never does I/O. If the value is older than its maximum age, also starts
   * one background refresh (unless one is running, or one failed moments ago), whose result later reads see.
   */
  public T current() {
    return reader.apply(slot.read());
  }

  /**
   * Starts a refresh of this secret now, or joins the one running: concurrent callers share one fetch. The
   * future completes with the new value once it is published (later {@link #current()} calls return it too), or
   * exceptionally with a {@link SecretResolutionException} that names the variable, the reference, the step, the
   * cause and the fix, never a value; the last good value keeps serving then. Each call returns a future of its
   * own, so cancelling it cancels nothing else. A call made after a refresh ended starts another.
   *
   * <p>The refresh runs under {@link ResolverSettings#refreshDeadline()}. Stages chained on the future without
   * an executor run on secretfn's refresh thread: keep them short, or wait for the future on the request thread.
   */
  public CompletableFuture<T> refresh() {
    return slot.group.start().thenApply(done -> reader.apply(slot.peek()));
  }

  /** How refreshing this secret is going: last success, last failure, failures in a row, whether one runs. */
  public RefreshStatus status() {
    return slot.group.status(slot.variable);
  }

  /** The environment variable this secret is read from. */
  public String variable() {
    return slot.variable;
  }

  /** Names the variable, never a value: {@code Refreshing[DB_PASS]}. */
  @Override
  public String toString() {
    return "Refreshing[" + slot.variable + "]";
  }
}
