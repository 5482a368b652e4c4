package io.github.pgsafe.samples.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's shared/ folder: {@code PGSAFE_SHARED_DIR}, else {@code <repo>/../shared}. */
public final class SharedDir {
  private SharedDir() {}

  /**
   * @throws IllegalStateException if neither place holds shared/reference
   */
  public static Path locate() {
    String env = System.getenv("PGSAFE_SHARED_DIR");
    if (env != null && !env.isBlank()) {
      Path dir = Path.of(env);
      if (!Files.isDirectory(dir.resolve("reference"))) {
        throw new IllegalStateException(
            "PGSAFE_SHARED_DIR=" + env + " has no reference/ folder; point it at shared/");
      }
      return dir;
    }
    Path here = Path.of("").toAbsolutePath();
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolveSibling("shared");
      if (Files.isDirectory(dir.resolve(".git")) || Files.isRegularFile(dir.resolve("mvnw"))) {
        if (Files.isDirectory(candidate.resolve("reference"))) {
          return candidate;
        }
      }
    }
    throw new IllegalStateException(
        "cannot find shared/ beside the repository (looked upwards from "
            + here
            + "); set PGSAFE_SHARED_DIR to its path");
  }
}
