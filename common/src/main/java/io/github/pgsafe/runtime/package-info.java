/**
 * The runtime policy: settings, session timeouts, lock retries, blocker reports and the watchdog.
 *
 * <h2>Settings</h2>
 *
 * {@link io.github.pgsafe.runtime.PgsafeSettings} is the immutable, validated value; {@link
 * io.github.pgsafe.runtime.PgsafeSettings#ALL} is the one table of {@link
 * io.github.pgsafe.runtime.Setting}s (key, default, bounds, doc line). Front ends read their own
 * spelling with {@link io.github.pgsafe.runtime.SettingSpelling} and call {@link
 * io.github.pgsafe.runtime.PgsafeSettings#load}, which rejects unknown keys, malformed and
 * out-of-range values, and contradictions (lock_timeout must be smaller than statement_timeout).
 *
 * <h2>Units and retries</h2>
 *
 * {@link io.github.pgsafe.runtime.LockRetry#run} runs a {@link io.github.pgsafe.runtime.Unit}, the
 * smallest piece that can safely run again: a whole transaction that pgsafe begins, commits, and
 * rolls back before a retry; or, for statements that cannot run in a transaction, auto-commit work
 * that is safe to rerun from its start. It retries on 55P03 (lock_timeout), on 40P01 (deadlock
 * victim, already rolled back by the server) and when its own watchdog cancelled the statement. The
 * default schedule keeps every attempt's lock_timeout at {@code lockTimeout} (80ms), so no
 * application query queues behind pgsafe for longer than the 100 ms budget, and spaces attempts
 * with exponential backoff and jitter (100ms doubling to 10s, half fixed, half random) within
 * {@code retry.maxAttempts} (20) and {@code retry.maxTotalTime} (2min). The escalating schedule
 * raises lock_timeout along GitLab's ladder up to {@code retry.maxLockTimeout}.
 *
 * <h2>Finding the blockers</h2>
 *
 * The 55P03 error names neither the relation nor the session that held the lock, and by the time
 * the client sees it the wait is over. So pgsafe looks while it waits: a second connection ({@link
 * io.github.pgsafe.runtime.ConnectionSource}) samples, every {@code watchdog.interval}, whether
 * pgsafe's backend waits on a lock ({@code pg_stat_activity.wait_event_type = 'Lock'}) and if so,
 * {@code pg_blocking_pids()} of it joined to {@code pg_stat_activity}: pid, state, how long in that
 * state, transaction age and query (unless {@code blockerReport.includeQuery} is false). {@code
 * pg_blocking_pids} takes the lock manager's partition locks, so it is only called while pgsafe
 * actually waits. The last sample of a failed attempt is logged with it, and the last non-empty one
 * goes into {@link io.github.pgsafe.runtime.LockRetriesExhaustedException}. Without a monitoring
 * connection, or when a wait was shorter than one sample, pgsafe lists after the rollback the
 * sessions that still hold locks on the unit's relations ({@code pg_locks}); a blocker that ended
 * in between is missed, and the report says that nothing was seen.
 *
 * <h2>Watchdog</h2>
 *
 * For units that take locks the application waits for ({@link
 * io.github.pgsafe.runtime.Unit#withWatchdog()}), the same sampler lists client sessions waiting on
 * a lock whose {@code pg_blocking_pids} contain pgsafe's backend, with their wait counted from
 * {@code query_start} (never later than the start of the lock wait). When the oldest reaches {@code
 * watchdog.budget - watchdog.margin} (60 ms by default) it calls {@code pg_cancel_backend} on
 * pgsafe's own backend only, the unit is rolled back and the retry policy decides. The waiters get
 * the lock when the rollback reaches the server, so the margin covers one sampling interval, the
 * cancel, and the client's turnaround. One thread and one connection per {@code run}, both closed
 * when it returns.
 */
package io.github.pgsafe.runtime;
