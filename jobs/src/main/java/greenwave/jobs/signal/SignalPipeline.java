package greenwave.jobs.signal;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.common.IcebergTable;
import greenwave.jobs.common.KafkaSinks;
import greenwave.jobs.common.OpsTables;
import greenwave.jobs.common.TableSetup;
import greenwave.schemas.SignalMeasure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;

/** The signal measures job as deployed: Kafka in, Kafka and Iceberg out, exactly once. */
public final class SignalPipeline {
    private SignalPipeline() {}

    /** Every table the job writes. */
    public static List<IcebergTable<?>> tables() {
        List<IcebergTable<?>> all = new ArrayList<>(SignalTables.all());
        all.addAll(OpsTables.all());
        return all;
    }

    /** Creates the job's namespaces and tables if missing. */
    public static void ensureTables(Catalog catalog) {
        TableSetup.ensure(catalog, tables());
    }

    /**
     * Adds the job to {@code env}, reading {@code signal.events} from Kafka. A bounded job stops at the offsets
     * present when it starts (replay, backfill); otherwise it runs on. It starts at {@code startingOffsets} (for a
     * service: the consumer group's committed offsets). Returns the decoded measures, for jobs that plan from them in
     * the same program (the green-wave job).
     */
    public static DataStream<SignalMeasure> add(
            StreamExecutionEnvironment env,
            GreenwaveConfig config,
            Map<String, SignalLayout> layouts,
            CatalogLoader catalog,
            boolean bounded,
            OffsetsInitializer startingOffsets) {
        var raw = env.fromSource(
                        KafkaSinks.rawSource(config, config.topics().signalEvents(), bounded, startingOffsets),
                        SignalMeasuresJob.watermarks(config),
                        "kafka " + config.topics().signalEvents())
                .uid("kafka-signal-events");
        SignalMeasuresJob job = new SignalMeasuresJob(config, layouts);
        SignalMeasuresJob.Outputs outputs = job.build(raw);
        job.sinkToKafkaAndIceberg(outputs, catalog);
        return outputs.measures();
    }
}
