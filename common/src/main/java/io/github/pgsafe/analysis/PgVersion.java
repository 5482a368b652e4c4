package io.github.pgsafe.analysis;

/**
 * A PostgreSQL major version, the only part of a version that changes what a statement locks,
 * rewrites or allows.
 *
 * <p>When the server is not known (linting files without a connection), analysis assumes {@link
 * #OLDEST_SUPPORTED}: every {@link PgFeature} only makes statements cheaper or allows more, so the
 * oldest supported major gives the cautious answer, never a claim that a newer server's behaviour
 * is available.
 *
 * @param major e.g. 15
 */
public record PgVersion(int major) implements Comparable<PgVersion> {
  /** The oldest major pgsafe supports and CI tests (14). */
  public static final PgVersion OLDEST_SUPPORTED = new PgVersion(14);

  /** The newest major pgsafe is tested on (18). */
  public static final PgVersion NEWEST_SUPPORTED = new PgVersion(18);

  /** What analysis assumes when it does not know the server: {@link #OLDEST_SUPPORTED}. */
  public static final PgVersion DEFAULT = OLDEST_SUPPORTED;

  public PgVersion {
    if (major < 9 || major > 99) {
      throw new IllegalArgumentException(
          "PostgreSQL major version " + major + " is out of range; expected e.g. 14 or 17");
    }
  }

  public static PgVersion of(int major) {
    return new PgVersion(major);
  }

  /**
   * The major of a {@code server_version_num} such as {@code 150020} (15.20); {@code 90624}
   * (9.6.24) gives 9, since 9.x releases differ in nothing the analysis knows.
   */
  public static PgVersion fromServerVersionNum(int versionNum) {
    return new PgVersion(versionNum / 10_000);
  }

  /** True if this major has {@code feature}. */
  public boolean has(PgFeature feature) {
    return major >= feature.sinceMajor();
  }

  public boolean isAtLeast(int otherMajor) {
    return major >= otherMajor;
  }

  @Override
  public int compareTo(PgVersion other) {
    return Integer.compare(major, other.major);
  }

  @Override
  public String toString() {
    return "PostgreSQL " + major;
  }
}
