package io.github.pgsafe.catalog;

/**
 * One column of a table.
 *
 * @param name the column name
 * @param type the type as {@code format_type} spells it, e.g. {@code character varying(255)}
 * @param notNull true if the column is {@code NOT NULL}
 */
public record ColumnFacts(String name, String type, boolean notNull) {}
