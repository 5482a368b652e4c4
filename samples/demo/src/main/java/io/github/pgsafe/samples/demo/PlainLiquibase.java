package io.github.pgsafe.samples.demo;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Liquibase without pgsafe, for the naive runs: a class loader over the demo's class path minus the
 * pgsafe jars (listed at build time in {@code plain-liquibase.classpath}). pgsafe-liquibase needs
 * no registration, so with its jar visible its guard would refuse the naive changelog; a class
 * loader of its own also gives this Liquibase its own static state.
 */
final class PlainLiquibase implements AutoCloseable {
  private static final String SAMPLE_CLASS = "io.github.pgsafe.samples.liquibase.LiquibaseOrders";

  private final URLClassLoader loader;
  private final Method updateCount;

  PlainLiquibase() throws IOException, ReflectiveOperationException {
    List<URL> urls = new ArrayList<>();
    for (String entry : classPath().split(java.io.File.pathSeparator)) {
      if (!entry.isBlank()) {
        urls.add(url(entry.strip()));
      }
    }
    loader = new URLClassLoader("plain-liquibase", urls.toArray(URL[]::new), platform());
    if (loader.getResource("io/github/pgsafe/liquibase/PgsafeExecutor.class") != null) {
      throw new IllegalStateException("pgsafe-liquibase is on the plain Liquibase class path");
    }
    updateCount =
        loader
            .loadClass(SAMPLE_CLASS)
            .getMethod(
                "updateCount", String.class, String.class, String.class, String.class, int.class);
  }

  private static ClassLoader platform() {
    return ClassLoader.getPlatformClassLoader();
  }

  private static String classPath() throws IOException {
    try (InputStream in =
        PlainLiquibase.class.getClassLoader().getResourceAsStream("plain-liquibase.classpath")) {
      if (in == null) {
        throw new IllegalStateException(
            "plain-liquibase.classpath is missing: build the demo with Maven (process-classes)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static URL url(String entry) throws MalformedURLException {
    return Path.of(entry).toUri().toURL();
  }

  /** Applies the next {@code count} changesets of {@code changelog} with plain Liquibase. */
  void updateCount(Database database, String changelog, int count) throws Exception {
    Thread current = Thread.currentThread();
    ClassLoader previous = current.getContextClassLoader();
    current.setContextClassLoader(loader);
    try {
      updateCount.invoke(
          null, database.jdbcUrl(), database.user(), database.password(), changelog, count);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      current.setContextClassLoader(previous);
    }
  }

  @Override
  public void close() throws IOException {
    loader.close();
  }
}
