/**
 * SQL over the wire contract, for {@code ./greenwave sql} and the SQL gateway of the local stack.
 *
 * <ul>
 * <li>{@link greenwave.sql.ContractCatalog} (created by {@link greenwave.sql.ContractCatalogFactory}, catalog type
 * {@code greenwave-kafka}): a table per contract topic, derived from its JSON Schema; the command topics' tables are
 * read-only through {@link greenwave.sql.CommandTopicGuard}.</li>
 * <li>{@link greenwave.sql.SqlEnvironment}: a table environment with the contract catalog, the Iceberg warehouse and
 * the greenwave SQL functions registered.</li>
 * <li>{@link greenwave.sql.SqlScript} (statements with their place in the file) and
 * {@link greenwave.sql.SqlScriptRunner} (runs them); {@link greenwave.sql.CsvResult}: results as CSV.</li>
 * <li>{@link greenwave.sql.SqlServices}: what the stack serves to other tools, the Iceberg REST catalog and
 * {@link greenwave.sql.LocalSqlGateway} (Flink's SQL gateway on a session cluster of its own, behind
 * {@link greenwave.sql.SqlGatewayProxy} when it needs a token).</li>
 * </ul>
 */
package greenwave.sql;
