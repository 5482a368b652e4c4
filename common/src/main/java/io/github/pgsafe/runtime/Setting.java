package io.github.pgsafe.runtime;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One pgsafe setting: its key, default, bounds and one line of documentation. The table of all
 * settings is {@link PgsafeSettings#ALL}; front ends derive their spellings from {@link #key()}
 * with {@link SettingSpelling}.
 *
 * @param <T> the value type
 */
public final class Setting<T extends Comparable<T>> {
  private final String key;
  private final String type;
  private final Optional<T> defaultValue;
  private final Optional<T> min;
  private final Optional<T> max;
  private final Function<String, Optional<T>> parser;
  private final Function<T, String> formatter;
  private final String doc;

  private Setting(
      String key,
      String type,
      Optional<T> defaultValue,
      Optional<T> min,
      Optional<T> max,
      Function<String, Optional<T>> parser,
      Function<T, String> formatter,
      String doc) {
    this.key = key;
    this.type = type;
    this.defaultValue = defaultValue;
    this.min = min;
    this.max = max;
    this.parser = parser;
    this.formatter = formatter;
    this.doc = doc;
  }

  static Setting<Duration> duration(
      String key, Duration defaultValue, Duration min, Duration max, String doc) {
    return new Setting<>(
        key,
        "duration",
        Optional.of(defaultValue),
        Optional.of(min),
        Optional.of(max),
        DurationText::parse,
        DurationText::format,
        doc);
  }

  /** A duration that has no default: unset means the feature is off. */
  static Setting<Duration> optionalDuration(String key, Duration min, Duration max, String doc) {
    return new Setting<>(
        key,
        "duration",
        Optional.empty(),
        Optional.of(min),
        Optional.of(max),
        DurationText::parse,
        DurationText::format,
        doc);
  }

  static Setting<Integer> integer(String key, int defaultValue, int min, int max, String doc) {
    return new Setting<>(
        key,
        "integer",
        Optional.of(defaultValue),
        Optional.of(min),
        Optional.of(max),
        Setting::parseInteger,
        String::valueOf,
        doc);
  }

  /** An integer that has no default: unset means the feature is off. */
  static Setting<Integer> optionalInteger(String key, int min, int max, String doc) {
    return new Setting<>(
        key,
        "integer",
        Optional.empty(),
        Optional.of(min),
        Optional.of(max),
        Setting::parseInteger,
        String::valueOf,
        doc);
  }

  static Setting<Boolean> bool(String key, boolean defaultValue, String doc) {
    return new Setting<>(
        key,
        "boolean",
        Optional.of(defaultValue),
        Optional.empty(),
        Optional.empty(),
        Setting::parseBoolean,
        String::valueOf,
        doc);
  }

  static <E extends Enum<E>> Setting<E> choice(
      String key, Class<E> type, E defaultValue, String doc) {
    String names =
        Arrays.stream(type.getEnumConstants())
            .map(e -> e.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining("|"));
    return new Setting<>(
        key,
        names,
        Optional.of(defaultValue),
        Optional.empty(),
        Optional.empty(),
        text -> parseChoice(type, text),
        e -> e.name().toLowerCase(Locale.ROOT),
        doc);
  }

  /** The key, lowerCamel and grouped with dots: {@code retry.maxAttempts}. */
  public String key() {
    return key;
  }

  /** The key as a front end spells it. */
  public String key(SettingSpelling spelling) {
    return spelling.of(key);
  }

  /**
   * {@code duration}, {@code integer}, {@code boolean}, or the choices ({@code
   * default|escalating}).
   */
  public String type() {
    return type;
  }

  /** The default value; empty for a setting that is off unless set. */
  public Optional<T> defaultValue() {
    return defaultValue;
  }

  /** The smallest accepted value, for durations and integers. */
  public Optional<T> min() {
    return min;
  }

  /** The largest accepted value, for durations and integers. */
  public Optional<T> max() {
    return max;
  }

  /** One line for the generated settings reference. */
  public String doc() {
    return doc;
  }

  /** The value as a user writes it: {@code 90ms}, {@code 8}, {@code true}, {@code escalating}. */
  public String format(T value) {
    return formatter.apply(value);
  }

  /** Parses and checks a user's value; {@code source} says where it came from, for the message. */
  T parse(String text, String source) {
    Optional<T> value = parser.apply(text.trim());
    if (value.isEmpty()) {
      throw new InvalidSettingException(
          String.format(
              Locale.ROOT,
              "pgsafe setting %s is '%s' (from %s); it must be %s. Use a value such as %s.",
              key,
              text,
              source,
              expectation(),
              example()));
    }
    check(value.get(), source);
    return value.get();
  }

  /** Fails if {@code value} is out of bounds; values are never clamped. */
  void check(T value, String source) {
    boolean low = min.isPresent() && value.compareTo(min.get()) < 0;
    boolean high = max.isPresent() && value.compareTo(max.get()) > 0;
    if (low || high) {
      throw new InvalidSettingException(
          String.format(
              Locale.ROOT,
              "pgsafe setting %s is %s (from %s); it must be between %s and %s. Use a value such"
                  + " as %s.",
              key,
              format(value),
              source,
              format(min.orElseThrow()),
              format(max.orElseThrow()),
              example()));
    }
  }

  private String expectation() {
    String range =
        min.isPresent()
            ? " between " + format(min.get()) + " and " + format(max.orElseThrow())
            : "";
    return switch (type) {
      case "duration" -> "a whole number with a unit (ms, s, min or h)" + range;
      case "integer" -> "a whole number" + range;
      case "boolean" -> "true or false";
      default -> "one of " + type.replace("|", ", ");
    };
  }

  private String example() {
    return defaultValue.map(this::format).orElseGet(() -> format(max.orElseThrow()));
  }

  private static Optional<Integer> parseInteger(String text) {
    try {
      return Optional.of(Integer.parseInt(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Boolean> parseBoolean(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true" -> Optional.of(true);
      case "false" -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  private static <E extends Enum<E>> Optional<E> parseChoice(Class<E> type, String text) {
    return Arrays.stream(type.getEnumConstants())
        .filter(e -> e.name().equalsIgnoreCase(text))
        .findFirst();
  }

  @Override
  public String toString() {
    return key;
  }
}
