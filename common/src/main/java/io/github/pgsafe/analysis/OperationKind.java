package io.github.pgsafe.analysis;

import java.util.Locale;

/** The statement forms the analysis recognises, named after their leading key words. */
public enum OperationKind {
  // Session and transaction control
  SET,
  RESET,
  SHOW,
  BEGIN,
  COMMIT,
  ROLLBACK,
  SAVEPOINT,
  RELEASE_SAVEPOINT,
  ROLLBACK_TO_SAVEPOINT,
  // Tables and their parts
  CREATE_TABLE,
  CREATE_TABLE_AS,
  ALTER_TABLE,
  DROP_TABLE,
  TRUNCATE,
  CREATE_INDEX,
  ALTER_INDEX,
  DROP_INDEX,
  REINDEX,
  CREATE_VIEW,
  ALTER_VIEW,
  DROP_VIEW,
  CREATE_MATERIALIZED_VIEW,
  ALTER_MATERIALIZED_VIEW,
  DROP_MATERIALIZED_VIEW,
  REFRESH_MATERIALIZED_VIEW,
  CREATE_SEQUENCE,
  ALTER_SEQUENCE,
  DROP_SEQUENCE,
  CREATE_TRIGGER,
  ALTER_TRIGGER,
  DROP_TRIGGER,
  CREATE_POLICY,
  ALTER_POLICY,
  DROP_POLICY,
  // Objects without table storage
  CREATE_SCHEMA,
  ALTER_SCHEMA,
  DROP_SCHEMA,
  CREATE_TYPE,
  ALTER_TYPE,
  DROP_TYPE,
  CREATE_DOMAIN,
  DROP_DOMAIN,
  CREATE_FUNCTION,
  ALTER_FUNCTION,
  DROP_FUNCTION,
  CREATE_PROCEDURE,
  DROP_PROCEDURE,
  CREATE_EXTENSION,
  ALTER_EXTENSION,
  DROP_EXTENSION,
  CREATE_ROLE,
  ALTER_ROLE,
  DROP_ROLE,
  CREATE_DATABASE,
  ALTER_DATABASE,
  DROP_DATABASE,
  CREATE_TABLESPACE,
  DROP_TABLESPACE,
  ALTER_SYSTEM,
  GRANT,
  REVOKE,
  COMMENT,
  // Maintenance
  ANALYZE,
  VACUUM,
  CLUSTER,
  LOCK_TABLE,
  // Data
  SELECT,
  INSERT,
  UPDATE,
  DELETE,
  MERGE,
  COPY,
  // Code
  DO,
  CALL,
  /** A psql backslash command such as {@code \set}; the server never sees it. */
  META_COMMAND,
  /** Anything else; analysed with the strongest assumptions, never as harmless. */
  UNRECOGNISED;

  /** The key words, e.g. {@code CREATE INDEX} for {@link #CREATE_INDEX}. */
  public String keywords() {
    return name().replace('_', ' ');
  }

  @Override
  public String toString() {
    return keywords().toLowerCase(Locale.ROOT);
  }
}
