package greenwave.jobs.food;

import greenwave.config.GreenwaveConfig;
import greenwave.jobs.common.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Throughput of the food job (not part of {@code mvn verify}: the name ends in Bench). 3,000 kitchens, each sensor
 * reporting every minute, one hour, through the whole topology at parallelism 2; prints events/s.
 * Run: {@code mvn -B -o -q -pl jobs -am test -Dtest=ThreeThousandKitchensBench -Dsurefire.failIfNoSpecifiedTests=false}
 */
class ThreeThousandKitchensBench {
    @org.junit.jupiter.api.Test
    void eventsPerSecondFor3000Kitchens() throws Exception {
        int kitchens = Integer.getInteger("food.bench.kitchens", 3000);
        int minutes = Integer.getInteger("food.bench.minutes", 60);
        FoodScenario.Input input = FoodScenario.generate(kitchens, minutes, 1, false);
        GreenwaveConfig config = GreenwaveConfig.defaults();
        for (int round = 0; round < 2; round++) { // the first round warms up the JVM
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            FoodJob.Outputs out = new FoodJob(config, input.kitchens())
                    .build(
                            source(env, config, "food.camera-events", input.camera()),
                            source(env, config, "food.sensor-readings", input.readings()),
                            source(env, config, "food.operations", input.operations()));
            out.violations().sinkTo(new DiscardingSink<>());
            out.alerts().sinkTo(new DiscardingSink<>());
            long start = System.nanoTime();
            env.execute("food bench");
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "food bench round %d: %d kitchens, %d sensors-minutes, %d events in %.1f s: %.0f events/s%n",
                    round, kitchens, input.readings().size(), input.events(), s, input.events() / s);
        }
    }

    static DataStream<RawRecord> source(
            StreamExecutionEnvironment env, GreenwaveConfig config, String topic, List<String> lines) {
        List<RawRecord> records = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            records.add(new RawRecord(topic, 0, i, 0L, null, lines.get(i).getBytes(StandardCharsets.UTF_8)));
        }
        return env.fromData(records, TypeInformation.of(RawRecord.class))
                .assignTimestampsAndWatermarks(FoodJob.watermarks(config));
    }
}
