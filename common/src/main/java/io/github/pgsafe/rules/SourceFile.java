package io.github.pgsafe.rules;

/**
 * A migration script to lint.
 *
 * @param name how reports name it, e.g. a path relative to the migrations folder
 * @param text its content
 */
public record SourceFile(String name, String text) {}
