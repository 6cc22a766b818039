/**
 * The embedded, one-machine stack under one data directory ({@link greenwave.local.LocalStack}), no Docker: a real
 * Kafka broker in KRaft mode inside the JVM ({@link greenwave.local.EmbeddedKafka}, topics laid out by
 * {@link greenwave.local.TopicSpec}), an Iceberg warehouse on a SQLite JDBC catalog
 * ({@link greenwave.local.LocalWarehouse}, {@link greenwave.local.SqliteJdbcCatalog}) and local Flink with its web UI
 * and file checkpoints ({@link greenwave.local.LocalFlink}).
 *
 * <ul>
 * <li>{@link greenwave.local.IcebergRestCatalogServer}: the warehouse over the Iceberg REST catalog protocol
 * ({@link greenwave.local.IcebergRestRoutes}, with the name and location checks of
 * {@link greenwave.local.IcebergRestChecks}), on {@link greenwave.local.GuardedHttpServer} (limits and bearer token,
 * shared with the SQL gateway's proxy).</li>
 * <li>{@link greenwave.local.KafkaJsonLines}: JSON-lines files to and from topics ({@code replay}, {@code demo}).</li>
 * <li>{@link greenwave.local.SignalControlSimulator}: a simulated signal-control system answering the committed plans,
 * for the demo, {@code run --simulate-signal-control} and tests.</li>
 * </ul>
 *
 * <p>None of this is in the cluster jar: on a cluster the broker, catalog and Flink are the cluster's own.
 */
package greenwave.local;
