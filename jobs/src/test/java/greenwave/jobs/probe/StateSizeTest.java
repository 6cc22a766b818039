package greenwave.jobs.probe;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.jobs.probe.SyntheticNetwork.Trip;
import greenwave.schemas.VehiclePosition;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * State size of the per-vehicle engine: 1,000 engines mid-traversal (zone entered, stopped in the queue, and a previous
 * stop-bar crossing remembered), each serialized on its own as a keyed-state value would be. Prints bytes per active
 * vehicle and the extrapolation to 200,000 active vehicles. Not a timing test.
 */
class StateSizeTest {

    static final ApproachMatcher M = new ApproachMatcher(SyntheticNetwork.network());
    static final int N = 1000;

    @Test
    void bytesPerActiveVehicle() throws Exception {
        List<VehicleTraversalEngine> engines = new ArrayList<>();
        List<Traversal> out = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            VehicleTraversalEngine e = new VehicleTraversalEngine();
            // crosses A's EB stop bar at free flow, then queues inside B's EB zone
            Trip trip = new Trip("v-" + (100000 + i), 1715612400000L + i * 1000L);
            double x0 = SyntheticNetwork.ebStopbarX(0) - 300;
            int k = 0;
            for (double x = x0; x <= SyntheticNetwork.ebStopbarX(1) - 20 - (i % 50); x += 25, k++) {
                trip.at(2 * k, x, -3.5, 12.5, 90);
            }
            trip.at(2 * k, SyntheticNetwork.ebStopbarX(1) - 15 - (i % 50), -3.5, 0.0, 90);
            for (VehiclePosition p : trip.positions) {
                e.onPosition(p, M, out::add);
            }
            assertThat(e.inTraversal()).isTrue();
            engines.add(e);
        }
        assertThat(out).hasSize(N); // each crossed A

        long java = 0;
        long compact = 0;
        for (VehicleTraversalEngine e : engines) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (ObjectOutputStream o = new ObjectOutputStream(b)) {
                o.writeObject(e);
            }
            java += b.size();
            ByteArrayOutputStream c = new ByteArrayOutputStream();
            e.writeTo(new DataOutputStream(c));
            compact += c.size();
        }
        // one stream for all: class descriptors written once (≈ what a class-registering serializer pays per value)
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(all)) {
            for (VehicleTraversalEngine e : engines) {
                o.writeObject(e);
                o.reset(); // no back-references to strings shared between engines
            }
        }
        // What Flink itself stores for ValueState<VehicleTraversalEngine>: its serializer for the type (Kryo).
        var flinkSerializer = org.apache.flink.api.common.typeinfo.TypeInformation.of(VehicleTraversalEngine.class)
                .createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl());
        long flink = 0;
        for (VehicleTraversalEngine e : engines) {
            var o = new org.apache.flink.core.memory.DataOutputSerializer(256);
            flinkSerializer.serialize(e, o);
            flink += o.length();
        }
        double flinkPer = (double) flink / N;
        System.out.printf(
                "Flink's serializer for the state (%s): %.0f B per vehicle, %.1f MB for 200,000.%n",
                flinkSerializer.getClass().getSimpleName(), flinkPer, flinkPer * 200_000 / 1e6);
        double javaPer = (double) java / N;
        double compactPer = (double) compact / N;
        double sharedPer = (double) all.size() / N;
        System.out.printf(
                "probe engine state, per active vehicle mid-traversal: Java serialization %.0f B standalone,"
                        + " %.0f B in one stream (reset per engine); compact writeTo %.0f B.%n"
                        + "200,000 active vehicles: %.1f MB (Java standalone), %.1f MB (compact), before the state"
                        + " backend's per-key overhead (key = vehicle_id + key group, ~20–40 B in RocksDB).%n",
                javaPer, sharedPer, compactPer, javaPer * 200_000 / 1e6, compactPer * 200_000 / 1e6);
        assertThat(compactPer).isLessThan(120);
        assertThat(javaPer).isLessThan(700);
        assertThat(flinkPer).isLessThan(700);
    }
}
