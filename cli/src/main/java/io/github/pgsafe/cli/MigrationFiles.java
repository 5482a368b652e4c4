package io.github.pgsafe.cli;

import io.github.pgsafe.rules.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The scripts named on the command line: a file as it is, a directory as every {@code *.sql} file
 * below it in {@link MigrationOrder Flyway order}.
 */
final class MigrationFiles {
  private MigrationFiles() {}

  /**
   * Reads every script the operands name, in order.
   *
   * @throws UsageException if there is no operand, a path does not exist or cannot be read, a
   *     directory holds no {@code *.sql} file, or a file is not UTF-8
   */
  static List<SourceFile> read(List<String> operands) {
    if (operands.isEmpty()) {
      throw new UsageException("no PATH given: name at least one .sql file or directory");
    }
    List<SourceFile> files = new ArrayList<>();
    for (String operand : operands) {
      Path path = Path.of(operand);
      if (Files.isDirectory(path)) {
        List<Path> scripts = scriptsIn(path);
        if (scripts.isEmpty()) {
          throw new UsageException("found no *.sql file in directory " + operand);
        }
        for (Path script : scripts) {
          files.add(readFile(script));
        }
      } else if (Files.exists(path)) {
        files.add(readFile(path));
      } else {
        throw new UsageException("no such file or directory: " + operand);
      }
    }
    return files;
  }

  private static List<Path> scriptsIn(Path directory) {
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(".sql"))
          .filter(Files::isRegularFile)
          .sorted(
              Comparator.comparing(
                      (Path p) -> p.getFileName().toString(), MigrationOrder.BY_FILE_NAME)
                  .thenComparing(Path::toString))
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new UsageException("cannot list directory " + directory + ": " + e.getMessage(), e);
    }
  }

  private static SourceFile readFile(Path path) {
    try {
      return new SourceFile(path.toString(), Files.readString(path));
    } catch (CharacterCodingException e) {
      throw new UsageException("cannot read " + path + ": it is not UTF-8 text", e);
    } catch (IOException e) {
      throw new UsageException("cannot read " + path + ": " + describe(e), e);
    }
  }

  private static String describe(IOException e) {
    String type = e.getClass().getSimpleName();
    return e.getMessage() == null ? type : type + " " + e.getMessage();
  }
}
