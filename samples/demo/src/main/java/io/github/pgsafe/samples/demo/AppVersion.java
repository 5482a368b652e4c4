package io.github.pgsafe.samples.demo;

/**
 * What the deployed application does, switched by the demo between migration steps the way
 * deployments would: write {@code orders.user_email} once the column exists (expand phase), and use
 * {@code users.display_name} once the new version is out.
 */
final class AppVersion {
  private volatile boolean writesUserEmail;
  private volatile boolean usesDisplayName;

  boolean writesUserEmail() {
    return writesUserEmail;
  }

  boolean usesDisplayName() {
    return usesDisplayName;
  }

  void startWritingUserEmail() {
    writesUserEmail = true;
  }

  void switchToDisplayName() {
    usesDisplayName = true;
  }
}
