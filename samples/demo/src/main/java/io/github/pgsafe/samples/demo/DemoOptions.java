package io.github.pgsafe.samples.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The demo's settings: flags {@code --orders N --users N --threads N --rate N --out DIR --jdbc-url
 * URL --tools flyway,liquibase}; {@code PGSAFE_JDBC_URL} also points it at a server.
 */
record DemoOptions(
    long orders,
    long users,
    int threads,
    int queriesPerSecondPerThread,
    Path outDir,
    Optional<String> jdbcUrl,
    List<String> tools) {

  static final String FLYWAY = "flyway";
  static final String LIQUIBASE = "liquibase";

  static DemoOptions defaults() {
    return new DemoOptions(
        1_000_000,
        100_000,
        4,
        200,
        Path.of("target", "pgsafe-demo"),
        Optional.ofNullable(System.getenv("PGSAFE_JDBC_URL")).filter(s -> !s.isBlank()),
        List.of(FLYWAY, LIQUIBASE));
  }

  static DemoOptions parse(String[] args) {
    DemoOptions o = defaults();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h")) {
        throw new IllegalArgumentException(usage());
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value\n" + usage());
      }
      String value = args[++i];
      o =
          switch (flag) {
            case "--orders" -> o.withOrders(Long.parseLong(value.replace("_", "")));
            case "--users" -> o.withUsers(Long.parseLong(value.replace("_", "")));
            case "--threads" -> o.withThreads(Integer.parseInt(value));
            case "--rate" -> o.withRate(Integer.parseInt(value));
            case "--out" -> o.withOutDir(Path.of(value));
            case "--jdbc-url" -> o.withJdbcUrl(value);
            case "--tools" -> o.withTools(List.of(value.split(",")));
            default -> throw new IllegalArgumentException("unknown flag " + flag + "\n" + usage());
          };
    }
    return o;
  }

  static String usage() {
    return "usage: Demo [--orders 1000000] [--users 100000] [--threads 4] [--rate 200 (queries/s"
        + " per thread)] [--out target/pgsafe-demo] [--jdbc-url URL (or PGSAFE_JDBC_URL)]"
        + " [--tools flyway,liquibase]";
  }

  DemoOptions withOrders(long n) {
    return new DemoOptions(n, users, threads, queriesPerSecondPerThread, outDir, jdbcUrl, tools);
  }

  DemoOptions withUsers(long n) {
    return new DemoOptions(orders, n, threads, queriesPerSecondPerThread, outDir, jdbcUrl, tools);
  }

  DemoOptions withThreads(int n) {
    return new DemoOptions(orders, users, n, queriesPerSecondPerThread, outDir, jdbcUrl, tools);
  }

  DemoOptions withRate(int perThread) {
    return new DemoOptions(orders, users, threads, perThread, outDir, jdbcUrl, tools);
  }

  DemoOptions withOutDir(Path dir) {
    return new DemoOptions(orders, users, threads, queriesPerSecondPerThread, dir, jdbcUrl, tools);
  }

  DemoOptions withJdbcUrl(String url) {
    return new DemoOptions(
        orders, users, threads, queriesPerSecondPerThread, outDir, Optional.of(url), tools);
  }

  DemoOptions withTools(List<String> names) {
    for (String name : names) {
      if (!name.equals(FLYWAY) && !name.equals(LIQUIBASE)) {
        throw new IllegalArgumentException("unknown tool " + name + "\n" + usage());
      }
    }
    return new DemoOptions(
        orders, users, threads, queriesPerSecondPerThread, outDir, jdbcUrl, List.copyOf(names));
  }
}
