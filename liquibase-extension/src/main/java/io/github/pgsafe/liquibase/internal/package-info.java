/**
 * Implementation details of the Liquibase extension; no compatibility promise. The backfill and
 * rename operations here stand in for the runtime's BatchedBackfill and ExpandContract until those
 * land in pgsafe-common.
 */
package io.github.pgsafe.liquibase.internal;
