package io.github.pgsafe.flyway;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.Configuration;

/** The text of a SQL migration: from the file system, or from the class path (jars included). */
final class ScriptSources {
  private ScriptSources() {}

  static Optional<String> read(Configuration configuration, MigrationInfo info) {
    String script = info.getScript();
    if (script == null || !isSql(configuration, script)) {
      return Optional.empty();
    }
    Optional<String> text = fromFile(configuration, info.getPhysicalLocation());
    if (text.isEmpty()) {
      text = fromLocations(configuration, script);
    }
    return text.map(t -> replacePlaceholders(configuration, t));
  }

  private static boolean isSql(Configuration configuration, String script) {
    for (String suffix : configuration.getSqlMigrationSuffixes()) {
      if (script.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> fromFile(Configuration configuration, String physical) {
    if (physical == null || physical.isEmpty()) {
      return Optional.empty();
    }
    try {
      Path path = Path.of(physical);
      if (Files.isRegularFile(path)) {
        return Optional.of(Files.readString(path, configuration.getEncoding()));
      }
    } catch (IOException | RuntimeException e) {
      // not a readable file: a class path resource, looked up below
    }
    return Optional.empty();
  }

  private static Optional<String> fromLocations(Configuration configuration, String script) {
    ClassLoader loader = configuration.getClassLoader();
    for (Location location : configuration.getLocations()) {
      try {
        if (location.isClassPath()) {
          String root = location.getRootPath();
          URL url = loader.getResource(root.isEmpty() ? script : root + "/" + script);
          if (url != null) {
            try (InputStream in = url.openStream()) {
              return Optional.of(new String(in.readAllBytes(), configuration.getEncoding()));
            }
          }
        } else if (location.isFileSystem()) {
          Path path = Path.of(location.getRootPath(), script);
          if (Files.isRegularFile(path)) {
            return Optional.of(Files.readString(path, configuration.getEncoding()));
          }
        }
      } catch (IOException | RuntimeException e) {
        // try the next location
      }
    }
    return Optional.empty();
  }

  private static String replacePlaceholders(Configuration configuration, String text) {
    if (!configuration.isPlaceholderReplacement()) {
      return text;
    }
    String result = text;
    for (Map.Entry<String, String> placeholder : configuration.getPlaceholders().entrySet()) {
      result =
          result.replace(
              configuration.getPlaceholderPrefix()
                  + placeholder.getKey()
                  + configuration.getPlaceholderSuffix(),
              placeholder.getValue());
    }
    return result;
  }
}
