package io.github.pgsafe.report;

/** pgsafe's own version, from the jar manifest; {@code dev} when run from classes. */
final class PgsafeVersion {
  private PgsafeVersion() {}

  static String current() {
    String version = PgsafeVersion.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
