package greenwave.jobs.plan;

import greenwave.jobs.ReferenceData;
import greenwave.schemas.Network;
import greenwave.schemas.ProbeMeasure;
import greenwave.schemas.SignalMeasure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Synthetic measures for the shipped 3-signal SUMO corridor ({@code sim/samples/corridor3/network.json}: devices 101,
 * 102, 103, links 300 and 450 m, phases 2 = EB, 6 = WB, 4 and 8 = side streets): steady asymmetric demand, every
 * measure kind the planner reads, in event-time order.
 */
public final class GreenWaveJobFixtures {
    /** 2024-05-13 15:00 UTC. */
    public static final long T0 = 1_715_612_400_000L;

    static final long MINUTE = 60_000L;
    static final String CORRIDOR = "sumo-c1";
    static final List<String> DEVICES = List.of("101", "102", "103");
    /** Demand, veh/h: EB heavy, WB lighter, side streets light. */
    static final Map<Integer, Double> VOLUME_BY_PHASE = Map.of(2, 1300.0, 6, 900.0, 4, 300.0, 8, 300.0);

    private static final Path REPO =
            Path.of(System.getProperty("greenwave.repo", "..")).toAbsolutePath().normalize();

    private GreenWaveJobFixtures() {}

    /** The shipped corridor as it is. */
    static Network corridor3() {
        return ReferenceData.read(REPO.resolve("sim/samples/corridor3")).network();
    }

    /**
     * The corridor whose running timing starves the heavy arterial: 25 s of green for phases 2 and 6, 55 s for the side
     * streets (still safe: within min and max green, rings sum to 90 s). Any reasonable planner improves on it.
     */
    public static Network corridor3WithPoorSplits() {
        return withPhases(corridor3(), p -> switch (p.phase()) {
            case 2, 6 ->
                new Network.PhaseTiming(
                        p.phase(), 25, p.minGreenS(), p.maxGreenS(), p.yellowS(), p.redClearS(), p.pedClearS());
            default ->
                new Network.PhaseTiming(
                        p.phase(), 55, p.minGreenS(), p.maxGreenS(), p.yellowS(), p.redClearS(), p.pedClearS());
        });
    }

    /**
     * The corridor where device 102's side-street phases need 20 s of pedestrian clearance but may show at most 15 s of
     * green: no plan at all is safe there (and the network.json timing is not either).
     */
    static Network corridor3WithImpossibleSideStreet() {
        Network n = corridor3();
        List<Network.Intersection> intersections = new ArrayList<>();
        for (Network.Intersection i : n.intersections()) {
            if (!i.deviceId().equals("102")) {
                intersections.add(i);
                continue;
            }
            List<Network.PhaseTiming> phases = new ArrayList<>();
            for (Network.PhaseTiming p : i.timing().phases()) {
                phases.add(
                        p.phase() == 4 || p.phase() == 8
                                ? new Network.PhaseTiming(
                                        p.phase(), p.greenS(), p.minGreenS(), 15, p.yellowS(), p.redClearS(), 20.0)
                                : p);
            }
            intersections.add(withTiming(i, phases));
        }
        return new Network(intersections, n.corridors());
    }

    private static Network withPhases(Network n, UnaryOperator<Network.PhaseTiming> change) {
        List<Network.Intersection> intersections = new ArrayList<>();
        for (Network.Intersection i : n.intersections()) {
            intersections.add(
                    withTiming(i, i.timing().phases().stream().map(change).toList()));
        }
        return new Network(intersections, n.corridors());
    }

    private static Network.Intersection withTiming(Network.Intersection i, List<Network.PhaseTiming> phases) {
        Network.Timing t = i.timing();
        return new Network.Intersection(
                i.deviceId(),
                i.name(),
                i.lat(),
                i.lon(),
                i.approaches(),
                new Network.Timing(t.cycleS(), t.offsetS(), t.coordinatedPhases(), phases));
    }

    /**
     * The signal measures of {@code minutes} from {@code start}: per device, phase and 15-minute bin an approach-delay
     * and a degree-of-saturation record; per device and coordinated phase a PCD cycle every 90 s with evenly spread
     * arrivals. Sorted by event time.
     */
    public static List<SignalMeasure> signalMeasures(long start, int minutes) {
        List<SignalMeasure> out = new ArrayList<>();
        for (String device : DEVICES) {
            for (long bin = start; bin < start + minutes * MINUTE; bin += 15 * MINUTE) {
                for (var e : VOLUME_BY_PHASE.entrySet()) {
                    double vph = e.getValue();
                    long arrivals = Math.round(vph / 4);
                    out.add(new SignalMeasure.ApproachDelay(
                            device,
                            bin,
                            e.getKey(),
                            arrivals,
                            vph,
                            arrivals * 20.0,
                            20.0,
                            arrivals / 2,
                            0.5,
                            0.5,
                            1.0));
                    out.add(new SignalMeasure.DegreeOfSaturation(
                            device, bin, e.getKey(), vph, e.getKey() % 4 == 2 ? 2 : 1, 0.5, 1800, 0.6));
                }
            }
            for (long cycle = start; cycle < start + minutes * MINUTE; cycle += 90_000) {
                for (int phase : List.of(2, 6)) {
                    int n = (int) Math.round(VOLUME_BY_PHASE.get(phase) * 90 / 3600);
                    List<Double> arrivals = new ArrayList<>();
                    for (int k = 0; k < n; k++) {
                        arrivals.add(Math.round(90.0 * k / n * 10) / 10.0);
                    }
                    out.add(new SignalMeasure.PcdCycle(
                            device, phase, cycle, cycle + 49_000L, cycle + 53_000L, cycle + 90_000L, arrivals));
                }
            }
        }
        out.sort(Comparator.comparingLong(SignalMeasure::eventTs).thenComparing(Object::toString));
        return out;
    }

    /**
     * The probe measures of {@code minutes} from {@code start}: per link, direction and bin a travel time (12 trips at
     * 12 m/s); per approach and bin the control delay of 5 probes. Sorted by event time.
     */
    public static List<ProbeMeasure> probeMeasures(long start, int minutes) {
        List<ProbeMeasure> out = new ArrayList<>();
        double[] lengths = {300, 450};
        for (long bin = start; bin < start + minutes * MINUTE; bin += 15 * MINUTE) {
            for (int i = 0; i < 2; i++) {
                String from = DEVICES.get(i);
                String to = DEVICES.get(i + 1);
                double s = lengths[i] / 12.0;
                out.add(new ProbeMeasure.LinkTravelTime(CORRIDOR, "EB", from, to, bin, 12, s, s * 1.1));
                out.add(new ProbeMeasure.LinkTravelTime(CORRIDOR, "WB", to, from, bin, 12, s, s * 1.1));
            }
            for (String device : DEVICES) {
                for (String dir : List.of("EB", "WB", "NB", "SB")) {
                    out.add(new ProbeMeasure.ApproachDelay(
                            device, device + "-" + dir, bin, 5, 15.0, 25.0, 0.6, 40.0, "B"));
                }
            }
        }
        out.sort(Comparator.comparingLong(ProbeMeasure::eventTs).thenComparing(Object::toString));
        return out;
    }

    /** Both kinds as the planner's corridor measures (for driving the keyed function directly), by event time. */
    static List<CorridorMeasure> corridorMeasures(long start, int minutes) {
        List<CorridorMeasure> out = new ArrayList<>();
        signalMeasures(start, minutes).forEach(m -> {
            CorridorMeasure c = CorridorMeasure.of(CORRIDOR, m);
            if (c != null) {
                out.add(c);
            }
        });
        probeMeasures(start, minutes).forEach(m -> out.add(CorridorMeasure.of(CORRIDOR, m)));
        out.sort(Comparator.comparingLong(CorridorMeasure::eventTs));
        return out;
    }
}
