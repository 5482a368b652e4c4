/**
 * Schema changes done the safe way, each as a {@link io.github.pgsafe.operations.SafeOperation}
 * with a {@code plan()} (the exact statements, the lock each takes, in or outside a transaction)
 * and a {@code run(Connection)} that applies it through {@link io.github.pgsafe.runtime.LockRetry}:
 * {@link io.github.pgsafe.operations.ConcurrentIndex}, {@link
 * io.github.pgsafe.operations.Constraint}, {@link io.github.pgsafe.operations.SafeNotNull} and
 * {@link io.github.pgsafe.operations.UniqueConstraint}. Every name reaches SQL through {@link
 * io.github.pgsafe.sql.Identifiers}.
 */
package io.github.pgsafe.operations;
