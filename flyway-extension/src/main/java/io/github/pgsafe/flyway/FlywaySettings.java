package io.github.pgsafe.flyway;

import io.github.pgsafe.PgsafeException;
import io.github.pgsafe.runtime.InvalidSettingException;
import io.github.pgsafe.runtime.PgsafeSettings;
import io.github.pgsafe.runtime.Setting;
import io.github.pgsafe.runtime.SettingSpelling;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What pgsafe-flyway runs with: the runtime settings of common ({@link PgsafeSettings}) and the one
 * setting of the lint gate, {@code failOnUnsafe}.
 *
 * @param runtime timeouts, retries, watchdog
 * @param failOnUnsafe true: error-level findings stop {@code migrate} before anything runs; false:
 *     they are logged as warnings and the migrations run
 */
public record FlywaySettings(PgsafeSettings runtime, boolean failOnUnsafe) {

  /** The key of the lint gate's setting; spelled per front end by {@link SettingSpelling}. */
  public static final String FAIL_ON_UNSAFE = "failOnUnsafe";

  public static final boolean DEFAULT_FAIL_ON_UNSAFE = true;

  /** Every setting at its default. */
  public static FlywaySettings defaults() {
    return new FlywaySettings(PgsafeSettings.defaults(), DEFAULT_FAIL_ON_UNSAFE);
  }

  /** Every key, in documentation order: the runtime's table, then {@code failOnUnsafe}. */
  public static List<String> keys() {
    List<String> keys = new ArrayList<>();
    for (Setting<?> setting : PgsafeSettings.ALL) {
      keys.add(setting.key());
    }
    keys.add(FAIL_ON_UNSAFE);
    return keys;
  }

  /**
   * Reads settings whose keys are spelled as {@code spelling} says.
   *
   * @throws InvalidSettingException for an unknown key or a bad value; nothing has run then
   */
  public static FlywaySettings load(Map<String, String> values, SettingSpelling spelling) {
    PgsafeSettings.rejectUnknown(
        values.keySet(), keys().stream().map(spelling::of).collect(Collectors.toList()));
    Map<String, String> runtime = new HashMap<>(values);
    String failKey = spelling.of(FAIL_ON_UNSAFE);
    String fail = runtime.remove(failKey);
    boolean failOnUnsafe = DEFAULT_FAIL_ON_UNSAFE;
    if (fail != null) {
      failOnUnsafe =
          switch (fail.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw new PgsafeException(
                    "pgsafe setting "
                        + FAIL_ON_UNSAFE
                        + " is '"
                        + fail
                        + "' (from "
                        + failKey
                        + "); it must be true or false. Use a value such as true.");
          };
    }
    return new FlywaySettings(PgsafeSettings.load(runtime, spelling), failOnUnsafe);
  }
}
