package greenwave.jobs.bike;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.common.RawRecord;
import greenwave.schemas.BikeZone;
import greenwave.schemas.ContractCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/**
 * Events per second of the bike job with 10,000 zones: a generated morning (10,000 zones, {@code -Dbikes=} bikes,
 * default 50,000) through the whole topology (decode and validate every record, event time, zone lookup, occupancy,
 * alarms, tasks, snapshots) on a local Flink at parallelism 2, outputs discarded. A measurement, not a test: its name
 * keeps it out of {@code mvn verify}; run it with
 * {@code mvn -B -ntp -q -o -pl jobs -am test -Dtest=BikeThroughputBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class BikeThroughputBench {
    @Test
    void eventsPerSecondWithTenThousandZones() throws Exception {
        int bikes = Integer.getInteger("bikes", 50_000);
        long generating = System.nanoTime();
        BikeScenario.Scenario s = BikeScenario.generate(BikeScenario.Options.scaled(10_000, bikes, 4));
        List<RawRecord> raw = new ArrayList<>(s.eventLines().size());
        for (int i = 0; i < s.eventLines().size(); i++) {
            raw.add(new RawRecord(
                    "bike.events", 0, i, 0L, null, s.eventLines().get(i).getBytes(StandardCharsets.UTF_8)));
        }
        List<RawRecord> blacklist = new ArrayList<>();
        for (int i = 0; i < s.blacklist().size(); i++) {
            blacklist.add(new RawRecord(
                    "bike.blacklist",
                    0,
                    i,
                    0L,
                    null,
                    ContractCodec.shared().encode(s.blacklist().get(i))));
        }
        System.out.printf(
                "generated %,d event records for %,d bikes in %,d zones in %.1f s%n",
                raw.size(), bikes, s.zones().size(), (System.nanoTime() - generating) / 1e9);

        GreenwaveConfig config = GreenwaveConfig.defaults();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<RawRecord> events = env.fromData(raw, TypeInformation.of(RawRecord.class))
                .assignTimestampsAndWatermarks(BikeJob.watermarks(config));
        DataStream<RawRecord> blacklisted = env.fromData(blacklist, TypeInformation.of(RawRecord.class))
                .assignTimestampsAndWatermarks(BikeJob.watermarks(config));
        DataStream<BikeZone> zones = env.fromData(s.zones(), TypeInformation.of(BikeZone.class));
        BikeJob.Outputs out = new BikeJob(config).build(events, zones, null, blacklisted);
        out.tasks().sinkTo(new DiscardingSink<>());
        out.alerts().sinkTo(new DiscardingSink<>());
        out.alarms().sinkTo(new DiscardingSink<>());
        out.occupancy().sinkTo(new DiscardingSink<>());
        out.disorderly().sinkTo(new DiscardingSink<>());
        out.deadLetters().sinkTo(new DiscardingSink<>());
        out.lateEvents().sinkTo(new DiscardingSink<>());
        long started = System.nanoTime();
        env.execute("bike throughput");
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "bike job, 10,000 zones, parallelism 2: %,d events in %.1f s = %,.0f events/s"
                        + " (job start-up included)%n",
                raw.size(), seconds, raw.size() / seconds);
    }
}
