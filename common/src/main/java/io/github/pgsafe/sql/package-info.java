/**
 * PostgreSQL-aware lexing and statement splitting.
 *
 * <p>{@link io.github.pgsafe.sql.Splitter#split(String)} cuts a script into {@link
 * io.github.pgsafe.sql.Statement}s without losing or reordering a character: concatenating their
 * {@code text()} gives back the input.
 */
package io.github.pgsafe.sql;
