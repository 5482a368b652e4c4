package io.github.pgsafe.runtime;

import io.github.pgsafe.PgsafeException;
import java.time.Duration;
import java.util.List;

/**
 * pgsafe gave up on a unit of work after lock timeouts: every attempt was rolled back. The message
 * says how many attempts over how long, who blocked them, what was done and how to go on.
 */
public final class LockRetriesExhaustedException extends PgsafeException {
  private static final long serialVersionUID = 1L;

  private final int attempts;
  private final Duration elapsed;
  private final transient List<Blocker> blockers;

  LockRetriesExhaustedException(
      String message, int attempts, Duration elapsed, List<Blocker> blockers, Throwable cause) {
    super(message, cause);
    this.attempts = attempts;
    this.elapsed = elapsed;
    this.blockers = List.copyOf(blockers);
  }

  /**
   * The same failure with a sentence added to the message, for callers that did more after giving
   * up (an operation that cleaned up after its last attempt says what it did).
   */
  public LockRetriesExhaustedException withNote(String note) {
    return new LockRetriesExhaustedException(
        getMessage() + " " + note, attempts, elapsed, blockers, this);
  }

  /** Attempts made, the first included. */
  public int attempts() {
    return attempts;
  }

  /** Time from the first attempt's start to giving up. */
  public Duration elapsed() {
    return elapsed;
  }

  /** The sessions seen blocking the last attempts. */
  public List<Blocker> blockers() {
    return blockers;
  }
}
