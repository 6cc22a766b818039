package greenwave.jobs.common;

import java.io.Serializable;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessageTypeInfo;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.IcebergSink;
import org.apache.iceberg.io.WriteResult;

/**
 * An analysts' table: its name, documented columns, partitioning, and how a job's record becomes one of its rows.
 * The column docs and the {@code comment} property are what analysts see in their engines.
 */
public record IcebergTable<T>(
        TableIdentifier id, String comment, Schema schema, PartitionSpec spec, RowConverter<T> converter)
        implements Serializable {

    /** Turns a job record into an Iceberg row of this table (Flink's internal row format). */
    public interface RowConverter<T> extends Function<T, RowData>, Serializable {}

    /** Table properties set on creation: the comment, format v2 and hash distribution to keep files few. */
    public Map<String, String> properties() {
        return Map.of(
                "comment", comment,
                "format-version", "2",
                "write.distribution-mode", "hash",
                "write.parquet.compression-codec", "zstd");
    }

    /**
     * Appends {@code records} to this table, exactly once: files are committed on each checkpoint.
     * The uid is derived from the table name, so state survives upgrades as long as the name stays.
     */
    public void append(DataStream<T> records, CatalogLoader catalog) {
        append(records, catalog, "");
    }

    /**
     * Appends the records of {@code mixed} that are of this table's {@code kind} (a job's measures stream carries
     * several kinds, one table each).
     */
    public void appendInstances(DataStream<? super T> mixed, Class<T> kind, CatalogLoader catalog) {
        DataStream<T> ofKind = mixed.filter(kind::isInstance)
                .name("only " + id.name())
                .uid("filter-" + id)
                .map(kind::cast)
                .returns(TypeInformation.of(kind))
                .name("as " + id.name())
                .uid("cast-" + id);
        append(ofKind, catalog);
    }

    /**
     * As {@link #append(DataStream, CatalogLoader)}, for a second writer of the same table in one job: the
     * {@code writer} name keeps the operators' uids apart.
     */
    public void append(DataStream<T> records, CatalogLoader catalog, String writer) {
        String name = writer.isEmpty() ? id.toString() : id + "-" + writer;
        DataStream<RowData> rows = records.map((MapFunction<T, RowData>) converter::apply)
                .returns(InternalTypeInfo.of(FlinkSchemaUtil.convert(schema)))
                .name("to-rows " + name)
                .uid("to-rows-" + name);
        IcebergSink sink = build(IcebergSink.forRowData(rows)
                .tableLoader(TableLoader.fromCatalog(catalog, id))
                .uidSuffix(name));
        // The operators Flink's sinkTo would make (Iceberg's distribution, writer and commit aggregator, same uids
        // and names), but with CheckpointBoundCommitter: Flink 2.0.0's committer commits a bounded input's last files
        // too early (see there), and a failure then writes those rows twice.
        DataStream<CommittableMessage<WriteResult>> written = sink.addPreWriteTopology(rows)
                .transform(
                        name + ": Writer",
                        CommittableMessageTypeInfo.of(sink::getWriteResultSerializer),
                        new SinkWriterOperatorFactory<RowData, WriteResult>(sink))
                .uid(name)
                .setParallelism(rows.getParallelism());
        commitOnCheckpoints(sink, sink, written, name);
    }

    /** The sink's commit aggregation, then the committer (typed apart: Iceberg's committable class is not public). */
    private static <C> void commitOnCheckpoints(
            SupportsPreCommitTopology<WriteResult, C> aggregation,
            SupportsCommitter<C> committing,
            DataStream<CommittableMessage<WriteResult>> written,
            String name) {
        CheckpointBoundCommitter.commit(aggregation.addPreCommitTopology(written), committing, name, name)
                .setParallelism(1);
    }

    /** The builder's sink, without adding it to the job ({@code build()} is package-private in Iceberg 1.10). */
    private static IcebergSink build(IcebergSink.Builder builder) {
        try {
            Method build = IcebergSink.Builder.class.getDeclaredMethod("build");
            build.setAccessible(true);
            return (IcebergSink) build.invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build the Iceberg sink (Iceberg's Builder changed?)", e);
        }
    }

    /** A string column's value for {@link RowConverter}s; null stays null. */
    public static StringData text(String s) {
        return s == null ? null : StringData.fromString(s);
    }

    /** A timestamp-with-zone column's value from epoch ms for {@link RowConverter}s; null stays null. */
    public static TimestampData time(Long epochMs) {
        return epochMs == null ? null : TimestampData.fromEpochMillis(epochMs);
    }
}
