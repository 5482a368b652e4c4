package io.github.pgsafe.liquibase;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A Liquibase installation as the distribution lays it out: Liquibase and its libraries in {@code
 * internal/lib} (liquibase-core as {@code liquibase-core.jar}), the user's extensions in {@code
 * lib}. Built from this test JVM's classpath, so it is the Liquibase version under test.
 */
final class LiquibaseHome {
  /** Jars a user copies into {@code lib}: pgsafe, SLF4J's API and the PostgreSQL driver. */
  private static final List<String> EXTENSION_JARS =
      List.of("pgsafe-liquibase", "pgsafe-common", "slf4j-api", "postgresql");

  private LiquibaseHome() {}

  /**
   * Lays out a home under {@code home}; returns the path of {@code
   * internal/lib/liquibase-core.jar}.
   */
  static Path create(Path home) throws IOException {
    Path internal = Files.createDirectories(home.resolve("internal/lib"));
    Path lib = Files.createDirectories(home.resolve("lib"));
    Path core = internal.resolve("liquibase-core.jar");
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (!Files.exists(path)) {
        continue;
      }
      String name = path.getFileName().toString();
      if (name.equals("test-classes") || name.startsWith("pgsafe-testkit")) {
        continue; // the tests are no part of an installation
      }
      // A reactor module that is not packaged is a classes directory of pgsafe's.
      boolean extension =
          Files.isDirectory(path)
              ? Files.isDirectory(path.resolve("io/github/pgsafe"))
              : EXTENSION_JARS.stream().anyMatch(name::startsWith);
      if (!extension && name.startsWith("liquibase-core")) {
        link(path, core);
      } else {
        Path target = (extension ? lib : internal).resolve(n++ + "-" + jarName(path));
        if (Files.isDirectory(path)) {
          jar(path, target);
        } else {
          link(path, target);
        }
      }
    }
    return core;
  }

  /** A symbolic link where the file system has them (no copy of every jar), else a copy. */
  private static void link(Path jar, Path target) throws IOException {
    try {
      Files.createSymbolicLink(target, jar.toAbsolutePath());
    } catch (UnsupportedOperationException | IOException e) {
      Files.copy(jar, target);
    }
  }

  private static String jarName(Path path) {
    String name = path.getFileName().toString();
    return name.endsWith(".jar") ? name : name + ".jar";
  }

  /** Packs a classes directory (a reactor module not packaged yet) into a jar. */
  private static void jar(Path directory, Path target) throws IOException {
    try (OutputStream out = Files.newOutputStream(target);
        JarOutputStream jar = new JarOutputStream(out);
        Stream<Path> files = Files.walk(directory)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        jar.putNextEntry(
            new JarEntry(directory.relativize(file).toString().replace(File.separatorChar, '/')));
        Files.copy(file, jar);
        jar.closeEntry();
      }
    }
  }
}
