package io.github.pgsafe.flyway;

import java.util.Objects;
import java.util.Optional;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.BaseCallback;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.ClassicConfiguration;
import org.flywaydb.core.api.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pgsafe inside {@code flyway migrate}: the lint gate before anything runs, lock_timeout and
 * statement_timeout for every migration, lock retries, and non-transactional statements split out
 * of SQL migrations. Flyway does not discover callbacks, so register it once: {@code
 * flyway.callbacks=io.github.pgsafe.flyway.PgsafeCallback}, {@code .callbacks(new
 * PgsafeCallback())} merged with the existing ones, or (Spring Boot) nothing at all.
 *
 * <p>Settings come from {@code flyway.pgsafe.*} ({@link PgsafeConfigurationExtension}), unless
 * given to the constructor.
 */
public final class PgsafeCallback extends BaseCallback {
  private static final Logger LOG = LoggerFactory.getLogger(PgsafeCallback.class);

  private final Optional<FlywaySettings> explicit;
  private final ThreadLocal<MigrationSession> session = new ThreadLocal<>();
  private final ThreadLocal<Boolean> gateRunning = ThreadLocal.withInitial(() -> false);

  /** The settings parsed from the last configuration seen. */
  private volatile Parsed parsed;

  private record Parsed(Configuration configuration, FlywaySettings settings) {}

  /** Settings from {@code flyway.pgsafe.*}. */
  public PgsafeCallback() {
    this.explicit = Optional.empty();
  }

  /** These settings, whatever {@code flyway.pgsafe.*} says. */
  public PgsafeCallback(FlywaySettings settings) {
    this.explicit = Optional.of(Objects.requireNonNull(settings, "settings"));
  }

  @Override
  public String getCallbackName() {
    return "pgsafe";
  }

  @Override
  public boolean supports(Event event, Context context) {
    return switch (event) {
      case BEFORE_VALIDATE,
          BEFORE_MIGRATE,
          BEFORE_EACH_MIGRATE,
          BEFORE_EACH_MIGRATE_STATEMENT,
          AFTER_EACH_MIGRATE,
          AFTER_EACH_MIGRATE_ERROR ->
          true;
      default -> false;
    };
  }

  @Override
  public void handle(Event event, Context context) {
    if (gateRunning.get()) {
      return; // the gate's own info() call
    }
    switch (event) {
      case BEFORE_VALIDATE -> allowMixed(context.getConfiguration());
      case BEFORE_MIGRATE -> {
        allowMixed(context.getConfiguration());
        gateRunning.set(true);
        try {
          new LintGate(settings(context.getConfiguration())).check(context);
        } finally {
          gateRunning.set(false);
        }
      }
      case BEFORE_EACH_MIGRATE -> {
        MigrationSession s =
            new MigrationSession(
                context.getConnection(),
                settings(context.getConfiguration()).runtime(),
                Monitors.of(context.getConfiguration()),
                context.getMigrationInfo() == null
                    ? "migration"
                    : context.getMigrationInfo().getScript());
        session.set(s);
        s.begin();
      }
      case BEFORE_EACH_MIGRATE_STATEMENT -> {
        MigrationSession s = session.get();
        if (s != null && context.getStatement() != null) {
          s.beforeStatement(context.getStatement().getSql());
        }
      }
      case AFTER_EACH_MIGRATE -> finish(true);
      case AFTER_EACH_MIGRATE_ERROR -> finish(false);
      default -> {}
    }
  }

  private void finish(boolean success) {
    MigrationSession s = session.get();
    session.remove();
    if (s != null) {
      s.finish(success);
    }
  }

  /**
   * The settings pgsafe runs with in {@code configuration}: those of its registered PgsafeCallback
   * (explicit ones, as Spring Boot passes them, win), else {@code flyway.pgsafe.*}.
   */
  static FlywaySettings settingsOf(Configuration configuration) {
    for (Callback callback : configuration.getCallbacks()) {
      if (callback instanceof PgsafeCallback pgsafe) {
        return pgsafe.settings(configuration);
      }
    }
    return new PgsafeCallback().settings(configuration);
  }

  /**
   * The settings this callback runs with for {@code configuration}, parsed once per configuration
   * rather than once per migration.
   */
  FlywaySettings settings(Configuration configuration) {
    if (explicit.isPresent()) {
      return explicit.get();
    }
    Parsed last = parsed;
    if (last != null && last.configuration() == configuration) {
      return last.settings();
    }
    FlywaySettings settings = fromExtension(configuration);
    parsed = new Parsed(configuration, settings);
    return settings;
  }

  // getPlugin(Class) is deprecated in 11.13+, but the only lookup present in Flyway 10 to 13.
  @SuppressWarnings("deprecation")
  private static FlywaySettings fromExtension(Configuration configuration) {
    PgsafeConfigurationExtension extension =
        configuration.getPluginRegister().getPlugin(PgsafeConfigurationExtension.class);
    if (extension == null) {
      LOG.warn(
          "pgsafe: flyway.pgsafe.* settings are not available because pgsafe-flyway is not on the"
              + " class path of flyway-core (with the command-line tool, put it in lib/ or"
              + " drivers/, not jars/); running with the defaults");
      return FlywaySettings.defaults();
    }
    try {
      return extension.toSettings();
    } catch (RuntimeException e) {
      throw new FlywayException(e.getMessage(), e);
    }
  }

  /**
   * Lets Flyway parse scripts that mix transactional and non-transactional statements; pgsafe then
   * keeps the transactional runs atomic itself (see {@link MigrationSession}).
   */
  private static void allowMixed(Configuration configuration) {
    if (configuration instanceof ClassicConfiguration classic && !classic.isMixed()) {
      classic.setMixed(true);
      LOG.debug("pgsafe: mixed=true; pgsafe groups the transactional statements of mixed scripts");
    }
  }
}
