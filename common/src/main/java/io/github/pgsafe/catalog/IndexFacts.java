package io.github.pgsafe.catalog;

/**
 * One index of a table.
 *
 * @param name the index name
 * @param valid false for an INVALID index, as a failed {@code CREATE INDEX CONCURRENTLY} leaves
 * @param unique true for a unique index
 * @param definition {@code pg_get_indexdef}, e.g. {@code CREATE INDEX i ON public.t USING btree
 *     (a)}
 */
public record IndexFacts(String name, boolean valid, boolean unique, String definition) {}
