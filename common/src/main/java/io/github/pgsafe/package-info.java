/**
 * pgsafe: production-safe PostgreSQL schema migrations. Every type in pgsafe's packages is non-null
 * unless it is an {@link java.util.Optional}.
 */
package io.github.pgsafe;
