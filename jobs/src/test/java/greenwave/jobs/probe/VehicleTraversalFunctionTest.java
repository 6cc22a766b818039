package greenwave.jobs.probe;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.jobs.common.LateEvent;
import greenwave.schemas.VehiclePosition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The event-time shell around the per-vehicle engine: ordering, duplicates, late positions, vanished vehicles. */
class VehicleTraversalFunctionTest {
    private static final long T0 = 1_715_612_400_000L;

    private static KeyedOneInputStreamOperatorTestHarness<String, VehiclePosition, Traversal> harness()
            throws Exception {
        var fn = new VehicleTraversalFunction(
                new ApproachMatcher(SyntheticNetwork.network(), ProbeSettings.DEFAULTS), "vehicle.positions");
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(fn), VehiclePosition::vehicleId, Types.STRING);
        h.open();
        return h;
    }

    /** Free flow through A's EB zone at 12.5 m/s, a sample every 4 s from 300 m upstream to 50 m past the bar. */
    private static List<VehiclePosition> freeFlow(String id) {
        var trip = new SyntheticNetwork.Trip(id, T0);
        for (int i = 0; i <= 7; i++) {
            trip.eb(4.0 * i, 300 - 50.0 * i, 12.5);
        }
        return trip.positions;
    }

    private static void send(
            KeyedOneInputStreamOperatorTestHarness<String, VehiclePosition, Traversal> h, VehiclePosition p)
            throws Exception {
        h.processElement(new StreamRecord<>(p, p.ts()));
    }

    @Test
    void shuffledAndRedeliveredPositionsGiveTheSameTraversal() throws Exception {
        var ordered = harness();
        for (VehiclePosition p : freeFlow("v-1")) {
            send(ordered, p);
        }
        ordered.processWatermark(new Watermark(T0 + 60_000));

        var shuffled = harness();
        List<VehiclePosition> positions = new ArrayList<>(freeFlow("v-1"));
        positions.addAll(freeFlow("v-1").subList(2, 4)); // redelivered
        Collections.shuffle(positions, new java.util.Random(7));
        for (VehiclePosition p : positions) {
            send(shuffled, p);
        }
        shuffled.processWatermark(new Watermark(T0 + 60_000));

        assertThat(ordered.extractOutputValues()).hasSize(1);
        assertThat(shuffled.extractOutputValues()).isEqualTo(ordered.extractOutputValues());
        Traversal t = ordered.extractOutputValues().get(0);
        assertThat(t.delayS()).isLessThan(1.0);
        ordered.close();
        shuffled.close();
    }

    @Test
    void positionsBehindTheWatermarkAreLateAndCounted() throws Exception {
        var h = harness();
        List<VehiclePosition> trip = freeFlow("v-2");
        send(h, trip.get(3));
        h.processWatermark(new Watermark(trip.get(3).ts() + 1));
        send(h, trip.get(1)); // its time has passed
        var late = h.getSideOutput(VehicleTraversalFunction.LATE);
        assertThat(late).hasSize(1);
        LateEvent e = late.peek().getValue();
        assertThat(e.key()).isEqualTo("v-2");
        assertThat(e.payload()).contains("\"vehicle_id\":\"v-2\"");
        h.close();
    }

    @Test
    void aVehicleThatStopsReportingLeavesNoStateBehind() throws Exception {
        var h = harness();
        List<VehiclePosition> trip = freeFlow("v-3").subList(0, 3); // vanishes mid-zone
        for (VehiclePosition p : trip) {
            send(h, p);
        }
        long lastTs = trip.get(2).ts();
        h.processWatermark(new Watermark(lastTs + 1));
        assertThat(h.numKeyedStateEntries()).isPositive();

        h.processWatermark(new Watermark(lastTs + 121_000)); // past the largest bridged gap (120 s)
        assertThat(h.extractOutputValues()).isEmpty();
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }
}
