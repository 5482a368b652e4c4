/**
 * A fresh database on a real PostgreSQL server for each test.
 *
 * <p>{@link io.github.pgsafe.testkit.PostgresServer#shared()} gives the one server of this JVM: an
 * existing server named by {@code PGSAFE_TEST_JDBC_URL}, a Testcontainers container when {@code
 * PGSAFE_TEST_SOURCE=testcontainers}, or else an embedded server from zonky's binaries, in the
 * major version {@code PGSAFE_PG_VERSION} (default 17). {@link
 * io.github.pgsafe.testkit.PostgresServer#createDatabase()} then hands out a {@link
 * io.github.pgsafe.testkit.TestDatabase} that is dropped on close.
 *
 * <p>Everything is non-null unless it is an {@code Optional}. Only the public types are API; the
 * package-private classes may change in any release.
 */
package io.github.pgsafe.testkit;
