package io.github.pgsafe.runtime;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in settings: {@code 90ms}, {@code 5s}, {@code 2min}, {@code 1h}.
 */
final class DurationText {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})\\s*(ms|s|min|h)");

  private DurationText() {}

  /** The duration {@code text} stands for, or empty if it is not a whole number with a unit. */
  static Optional<Duration> parse(String text) {
    Matcher m = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return Optional.empty();
    }
    long amount = Long.parseLong(m.group(1));
    return Optional.of(
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "min" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        });
  }

  /** The shortest exact spelling: {@code 90ms}, {@code 5s}, {@code 2min}, {@code 1h}. */
  static String format(Duration duration) {
    long ms = duration.toMillis();
    if (ms != 0 && ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms != 0 && ms % 60_000 == 0) {
      return ms / 60_000 + "min";
    }
    if (ms != 0 && ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  /** A duration for log lines and messages: {@code 87ms}, {@code 4.2s}, {@code 3.5min}. */
  static String human(Duration duration) {
    long ms = duration.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms < 120_000) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    return String.format(Locale.ROOT, "%.1fmin", ms / 60_000.0);
  }

  /** The value PostgreSQL accepts for a timeout setting: whole milliseconds, {@code 90ms}. */
  static String postgres(Duration duration) {
    return duration.toMillis() + "ms";
  }
}
