/**
 * What each statement does to the database: {@link io.github.pgsafe.analysis.Analyzer} turns {@link
 * io.github.pgsafe.sql.Statement}s into {@link io.github.pgsafe.analysis.Operation}s with their
 * {@link io.github.pgsafe.analysis.RelationLock locks}, {@link
 * io.github.pgsafe.analysis.TableEffect effects per table} and {@link
 * io.github.pgsafe.analysis.TransactionBlock transaction-block rule}, for a {@link
 * io.github.pgsafe.analysis.PgVersion}. A statement it does not recognise is never reported as
 * harmless: it becomes {@link io.github.pgsafe.analysis.OperationKind#UNRECOGNISED} with ACCESS
 * EXCLUSIVE, a worst-case rewrite and no transaction block assumed.
 */
package io.github.pgsafe.analysis;
