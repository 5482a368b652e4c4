package io.github.pgsafe.flyway.spring;

import io.github.pgsafe.flyway.PgsafeCallback;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.core.Ordered;

/**
 * Adds pgsafe's callback to the ones Flyway already has. {@code FluentConfiguration.callbacks(...)}
 * replaces the list, so the existing callbacks are passed again. Boot's customizers built on it
 * ({@link Boot3Customizer}, {@link Boot4Customizer}) order themselves last, so that customizers of
 * the application that set callbacks themselves run before it.
 */
final class CallbackAppender {
  static final int ORDER = Ordered.LOWEST_PRECEDENCE;

  private final PgsafeCallback callback;

  CallbackAppender(PgsafeCallback callback) {
    this.callback = callback;
  }

  void append(FluentConfiguration configuration) {
    Callback[] existing = configuration.getCallbacks();
    if (Arrays.stream(existing).anyMatch(PgsafeCallback.class::isInstance)) {
      return; // the application registered pgsafe itself; its settings win
    }
    List<Callback> callbacks = new ArrayList<>(Arrays.asList(existing));
    callbacks.add(callback);
    configuration.callbacks(callbacks.toArray(Callback[]::new));
  }
}
