package io.github.pgsafe.flyway.spring;

import io.github.pgsafe.flyway.FlywaySettings;
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
 * Reads {@code pgsafe.*} from Spring's environment into {@link FlywaySettings}. Keys are those of
 * the settings table ({@link FlywaySettings#keys()}) in Spring's spelling, {@code
 * pgsafe.retry.max-attempts}; Spring's relaxed binding also accepts {@code
 * pgsafe.retry.maxAttempts} and the environment variable {@code PGSAFE_RETRY_MAXATTEMPTS}.
 *
 * <p>An unknown {@code pgsafe.*} key in the application's configuration (application.properties or
 * .yml, profiles, command-line arguments, default properties, test properties) is an error naming
 * the key. System properties and environment variables are read for known keys but not checked for
 * unknown ones: they belong to the whole process, and other tools put {@code pgsafe.*} there (the
 * build passes {@code -Dpgsafe.pg.version}, the test kit reads {@code PGSAFE_TEST_JDBC_URL}).
 */
final class SpringSettings {
  private static final String PREFIX = "pgsafe";
  private static final Set<String> PROCESS_WIDE =
      Set.of(
          StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
          StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);

  private SpringSettings() {}

  static FlywaySettings load(Environment environment) {
    Binder binder = Binder.get(environment);
    Map<String, String> values = new LinkedHashMap<>();
    Set<ConfigurationPropertyName> known = new HashSet<>();
    for (String key : FlywaySettings.keys()) {
      String spelled = SettingSpelling.SPRING.of(key);
      ConfigurationPropertyName name = ConfigurationPropertyName.of(spelled);
      known.add(name);
      binder.bind(name, Bindable.of(String.class)).ifBound(value -> values.put(spelled, value));
    }
    // Unknown keys go in as written: FlywaySettings.load rejects them with the list of known ones.
    for (String unknown : unknownKeys(environment, known)) {
      values.put(unknown, environment.getProperty(unknown, ""));
    }
    return FlywaySettings.load(values, SettingSpelling.SPRING);
  }

  private static Set<String> unknownKeys(
      Environment environment, Set<ConfigurationPropertyName> known) {
    if (!(environment instanceof ConfigurableEnvironment configurable)) {
      return Set.of();
    }
    ConfigurationPropertyName prefix = ConfigurationPropertyName.of(PREFIX);
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
