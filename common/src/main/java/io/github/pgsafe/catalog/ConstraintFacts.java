package io.github.pgsafe.catalog;

/**
 * One table constraint.
 *
 * @param name the constraint name
 * @param type {@code pg_constraint.contype}: {@code c} check, {@code f} foreign key, {@code u}
 *     unique, {@code p} primary key, {@code x} exclusion, {@code n} not null (PostgreSQL 18)
 * @param validated false for a constraint added {@code NOT VALID} and not yet validated
 * @param definition {@code pg_get_constraintdef}, e.g. {@code CHECK ((amount >= 0))}
 */
public record ConstraintFacts(String name, char type, boolean validated, String definition) {}
