package it;

import org.flywaydb.core.api.callback.BaseCallback;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** Starts, lets Boot run Flyway, and stops. */
@SpringBootApplication
public class Application {
  public static void main(String[] args) {
    SpringApplication.run(Application.class, args).close();
  }

  /** The application's own callback: pgsafe must not drop it. It leaves a row behind. */
  @Bean
  Callback applicationCallback() {
    return new BaseCallback() {
      @Override
      public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE;
      }

      @Override
      public void handle(Event event, Context context) {
        try (java.sql.Statement st = context.getConnection().createStatement()) {
          st.execute("CREATE TABLE IF NOT EXISTS app_callback_ran (at timestamptz DEFAULT now())");
          st.execute("INSERT INTO app_callback_ran DEFAULT VALUES");
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }
}
