package io.github.pgsafe.rules;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether {@code ALTER COLUMN ... TYPE} rewrites the table, judged from the old and new type. The
 * server skips the rewrite only when the change is binary-coercible and needs no check of the
 * existing values; these are the cases PostgreSQL documents and strong_migrations lists.
 */
final class TypeChange {
  private static final Pattern TYPE = Pattern.compile("([a-z0-9_ ]+?)\\s*(?:\\((.*)\\))?\\s*");

  /** {@code timestamp(3) with time zone} puts the modifier before the time zone words. */
  private static final Pattern MODIFIER_IN_MIDDLE =
      Pattern.compile("(timestamp|time)\\s*\\((\\d+)\\)\\s*(with.*)");

  private static final Pattern BLANKS = Pattern.compile("\\s+");

  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("character varying", "varchar"),
          Map.entry("char varying", "varchar"),
          Map.entry("character", "bpchar"),
          Map.entry("char", "bpchar"),
          Map.entry("decimal", "numeric"),
          Map.entry("int", "int4"),
          Map.entry("integer", "int4"),
          Map.entry("smallint", "int2"),
          Map.entry("bigint", "int8"),
          Map.entry("timestamp without time zone", "timestamp"),
          Map.entry("timestamp with time zone", "timestamptz"),
          Map.entry("time without time zone", "time"),
          Map.entry("time with time zone", "timetz"),
          Map.entry("bit varying", "varbit"),
          Map.entry("double precision", "float8"),
          Map.entry("real", "float4"),
          Map.entry("boolean", "bool"));

  private TypeChange() {}

  /** A type reduced to its canonical name and modifiers: {@code varchar(255)} → varchar, [255]. */
  record Type(String name, Optional<String> modifiers) {
    static Type parse(String text) {
      String lower = text.strip().toLowerCase(Locale.ROOT).replace("\"", "");
      if (lower.startsWith("pg_catalog.")) {
        lower = lower.substring("pg_catalog.".length());
      }
      Matcher middle = MODIFIER_IN_MIDDLE.matcher(lower);
      if (middle.matches()) {
        String name = middle.group(1) + " " + middle.group(3).strip();
        return new Type(ALIASES.getOrDefault(name, middle.group(1)), Optional.of(middle.group(2)));
      }
      Matcher m = TYPE.matcher(lower);
      if (!m.matches()) {
        return new Type(lower, Optional.empty());
      }
      String name = BLANKS.matcher(m.group(1).strip()).replaceAll(" ");
      return new Type(
          ALIASES.getOrDefault(name, name), Optional.ofNullable(m.group(2)).map(String::strip));
    }
  }

  /** True if changing {@code oldType} to {@code newType} keeps the table's storage as it is. */
  static boolean avoidsRewrite(String oldType, String newType) {
    Type from = Type.parse(oldType);
    Type to = Type.parse(newType);
    // Compared part by part: a record's generated equals costs a short-lived lint run a
    // method-handle bootstrap on first use.
    if (from.name().equals(to.name()) && from.modifiers().equals(to.modifiers())) {
      return true;
    }
    return switch (from.name()) {
      case "varchar" ->
          (to.name().equals("varchar") && widens(from, to)) || to.name().equals("text");
      case "text" -> to.name().equals("varchar") && to.modifiers().isEmpty();
      case "numeric" -> to.name().equals("numeric") && widensNumeric(from, to);
      case "varbit" -> to.name().equals("varbit") && widens(from, to);
      case "timestamp", "timestamptz", "time", "timetz", "interval" ->
          to.name().equals(from.name()) && widens(from, to);
      case "cidr" -> to.name().equals("inet");
      case "citext" -> to.name().equals("text");
      default -> false;
    };
  }

  /** No modifier means unlimited; a larger single modifier also widens. */
  private static boolean widens(Type from, Type to) {
    if (to.modifiers().isEmpty()) {
      return true;
    }
    if (from.modifiers().isEmpty()) {
      return false;
    }
    return number(to.modifiers().get(), 0) >= number(from.modifiers().get(), 0);
  }

  /** numeric(p,s) to numeric(p2,s) with p2 >= p, or to unconstrained numeric. */
  private static boolean widensNumeric(Type from, Type to) {
    if (to.modifiers().isEmpty()) {
      return true;
    }
    if (from.modifiers().isEmpty()) {
      return false;
    }
    return number(to.modifiers().get(), 0) >= number(from.modifiers().get(), 0)
        && number(to.modifiers().get(), 1) == number(from.modifiers().get(), 1);
  }

  private static int number(String modifiers, int index) {
    String[] parts = modifiers.split(",");
    if (index >= parts.length) {
      return 0;
    }
    try {
      return Integer.parseInt(parts[index].strip());
    } catch (NumberFormatException notANumber) {
      return -1;
    }
  }
}
