package io.github.pgsafe.liquibase;

import io.github.pgsafe.runtime.PgsafeSettings;
import io.github.pgsafe.runtime.Setting;
import io.github.pgsafe.runtime.SettingSpelling;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import liquibase.configuration.AutoloadedConfigurations;
import liquibase.configuration.ConfigurationDefinition;
import liquibase.configuration.ConfiguredValue;

/**
 * pgsafe's settings as Liquibase configuration, one {@code liquibase.pgsafe.<key>} per entry of the
 * runtime's settings table {@link PgsafeSettings#ALL}. Liquibase derives the other spellings
 * itself: {@code -Dliquibase.pgsafe.lockTimeout=50ms}, {@code LIQUIBASE_PGSAFE_LOCK_TIMEOUT},
 * {@code liquibase.pgsafe.lockTimeout} in liquibase.properties, and the global CLI option {@code
 * --pgsafe-lock-timeout} (before the command). Values are parsed and checked by {@link
 * PgsafeSettings#load}; an unset key takes the runtime's default.
 */
public final class PgsafeConfiguration implements AutoloadedConfigurations {
  /** The namespace of every pgsafe key: {@code liquibase.pgsafe}. */
  public static final String NAMESPACE = "liquibase.pgsafe";

  private static final List<ConfigurationDefinition<String>> DEFINITIONS;

  static {
    ConfigurationDefinition.Builder builder = new ConfigurationDefinition.Builder(NAMESPACE);
    List<ConfigurationDefinition<String>> definitions = new ArrayList<>();
    for (Setting<?> setting : PgsafeSettings.ALL) {
      definitions.add(
          builder
              .define(setting.key(), String.class)
              .setDescription(
                  "pgsafe: "
                      + setting.doc()
                      + setting
                          .defaultValue()
                          .map(v -> " Default: " + format(setting, v))
                          .orElse(""))
              .build());
    }
    DEFINITIONS = Collections.unmodifiableList(definitions);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Comparable<T>> String format(Setting<T> setting, Object value) {
    return setting.format((T) value);
  }

  /** The definitions, one per setting, in the order of the settings table. */
  public static List<ConfigurationDefinition<String>> definitions() {
    return DEFINITIONS;
  }

  /**
   * The settings as configured now, in the current Liquibase scope.
   *
   * @throws io.github.pgsafe.runtime.InvalidSettingException naming the key, its source and a valid
   *     value
   */
  public static PgsafeSettings current() {
    Map<String, String> values = new LinkedHashMap<>();
    for (ConfigurationDefinition<String> definition : DEFINITIONS) {
      ConfiguredValue<String> value = definition.getCurrentConfiguredValue();
      if (value.found() && value.getValue() != null && !value.getValue().isBlank()) {
        values.put(definition.getKey(), value.getValue());
      }
    }
    return PgsafeSettings.load(values, SettingSpelling.LIQUIBASE);
  }
}
