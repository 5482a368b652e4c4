/**
 * Live facts about the target database that change how dangerous a statement is: table sizes,
 * column types, indexes (valid or not), constraints (validated or not), the server version.
 */
package io.github.pgsafe.catalog;
