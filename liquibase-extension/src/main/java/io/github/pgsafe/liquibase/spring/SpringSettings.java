package io.github.pgsafe.liquibase.spring;

import io.github.pgsafe.runtime.PgsafeSettings;
import io.github.pgsafe.runtime.Setting;
import io.github.pgsafe.runtime.SettingSpelling;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Reads {@code pgsafe.*} from Spring's environment, checks them, and hands them on as Liquibase
 * keys ({@code pgsafe.lock-timeout} becomes {@code liquibase.pgsafe.lockTimeout}). Keys are those
 * of the settings table in Spring's spelling ({@link SettingSpelling#SPRING}); relaxed binding also
 * accepts {@code pgsafe.lockTimeout} and the environment variable {@code PGSAFE_LOCKTIMEOUT}.
 *
 * <p>An unknown {@code pgsafe.*} key in the application's configuration (application.properties or
 * .yml, profiles, command-line arguments, test properties) is an error naming the key. System
 * properties and environment variables are read for known keys but not checked for unknown ones:
 * they belong to the whole process, and other tools put {@code pgsafe.*} there (the build passes
 * {@code -Dpgsafe.pg.version}, the test kit reads {@code PGSAFE_TEST_JDBC_URL}).
 */
final class SpringSettings {
  private static final Set<String> PROCESS_WIDE =
      Set.of(
          StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
          StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);

  private SpringSettings() {}

  /**
   * The {@code pgsafe.*} values keyed {@code liquibase.pgsafe.*}.
   *
   * @throws io.github.pgsafe.runtime.InvalidSettingException for an unknown key or a bad value,
   *     naming the key as Spring spells it
   */
  static Map<String, String> liquibaseValues(Environment environment) {
    Binder binder = Binder.get(environment);
    Map<String, String> spring = new LinkedHashMap<>();
    Map<String, String> liquibase = new LinkedHashMap<>();
    Set<ConfigurationPropertyName> known = new HashSet<>();
    for (Setting<?> setting : PgsafeSettings.ALL) {
      String key = setting.key(SettingSpelling.SPRING);
      ConfigurationPropertyName name = ConfigurationPropertyName.of(key);
      known.add(name);
      binder
          .bind(name, Bindable.of(String.class))
          .ifBound(
              value -> {
                spring.put(key, value);
                liquibase.put(setting.key(SettingSpelling.LIQUIBASE), value);
              });
    }
    // Unknown keys go in as written: PgsafeSettings.load rejects them with the list of known ones.
    for (String unknown : unknownKeys(environment, known)) {
      spring.put(unknown, environment.getProperty(unknown, ""));
    }
    PgsafeSettings.load(spring, SettingSpelling.SPRING);
    return liquibase;
  }

  private static Set<String> unknownKeys(
      Environment environment, Set<ConfigurationPropertyName> known) {
    if (!(environment instanceof ConfigurableEnvironment configurable)) {
      return Set.of();
    }
    ConfigurationPropertyName prefix = ConfigurationPropertyName.of("pgsafe");
    Set<String> unknown = new TreeSet<>();
    for (PropertySource<?> source : configurable.getPropertySources()) {
      if (PROCESS_WIDE.contains(source.getName())
          || !(source instanceof EnumerablePropertySource<?> enumerable)) {
        continue;
      }
      for (String property : enumerable.getPropertyNames()) {
        ConfigurationPropertyName name = ConfigurationPropertyName.adapt(property, '.');
        if (prefix.isAncestorOf(name) && !known.contains(name)) {
          unknown.add(property);
        }
      }
    }
    return unknown;
  }
}
