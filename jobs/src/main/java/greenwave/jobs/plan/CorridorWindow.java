package greenwave.jobs.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import greenwave.schemas.Network;
import greenwave.schemas.ProbeMeasure;
import greenwave.schemas.SignalMeasure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The measures of one corridor in a time window [start, end), turned into what the planner reads
 * ({@link CorridorObservations}), the inputs summary stored with each decision, and the measured delay of a plan's
 * outcome period. Pure functions of the set of measures: the same measures always give the same result, in any order
 * and however often each was delivered.
 */
final class CorridorWindow {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String corridorId;
    private final long start;
    private final long end;
    private final List<CorridorMeasure> measures;

    /** The measures of {@code all} with event time in [start, end), in a canonical order. */
    CorridorWindow(String corridorId, long start, long end, Iterable<CorridorMeasure> all) {
        this.corridorId = corridorId;
        this.start = start;
        this.end = end;
        List<CorridorMeasure> in = new ArrayList<>();
        for (CorridorMeasure m : all) {
            if (m.eventTs() >= start && m.eventTs() < end) {
                in.add(m);
            }
        }
        // Canonical order, so that means and lists never depend on arrival order (replays give identical plans).
        in.sort(Comparator.comparingLong(CorridorMeasure::eventTs).thenComparing(CorridorMeasure::toString));
        // An exact duplicate (a measure job replayed into its topic: delivery is at least once) counts once.
        List<CorridorMeasure> distinct = new ArrayList<>(in.size());
        for (CorridorMeasure m : in) {
            if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).equals(m)) {
                distinct.add(m);
            }
        }
        this.measures = distinct;
    }

    boolean isEmpty() {
        return measures.isEmpty();
    }

    /** The window's PCD cycles: the controllers' own record of when each phase turned green, yellow and red. */
    List<SignalMeasure.PcdCycle> pcdCycles() {
        List<SignalMeasure.PcdCycle> cycles = new ArrayList<>();
        for (CorridorMeasure m : measures) {
            if (m.pcdCycle() != null) {
                cycles.add(m.pcdCycle());
            }
        }
        return cycles;
    }

    /**
     * The planner's view: per device and phase the mean volume over the window's approach-delay bins (the
     * degree-of-saturation bins' volume where a phase has no approach delay), the link travel-time bins, the stop-bar
     * arrivals of the PCD cycles, and the samples-weighted probe delay per approach.
     */
    CorridorObservations observations() {
        Map<String, Map<Integer, Mean>> fromApproachDelay = new TreeMap<>();
        Map<String, Map<Integer, Mean>> fromSaturation = new TreeMap<>();
        List<ProbeMeasure.LinkTravelTime> links = new ArrayList<>();
        Map<String, Map<Integer, List<Long>>> arrivals = new TreeMap<>();
        Map<String, Mean> probeDelay = new TreeMap<>();
        for (CorridorMeasure m : measures) {
            if (m.approachDelay() != null) {
                SignalMeasure.ApproachDelay d = m.approachDelay();
                mean(fromApproachDelay, d.deviceId(), d.phase()).add(d.volumeVph(), 1);
            } else if (m.saturation() != null) {
                SignalMeasure.DegreeOfSaturation s = m.saturation();
                mean(fromSaturation, s.deviceId(), s.phase()).add(s.volumeVph(), 1);
            } else if (m.pcdCycle() != null) {
                SignalMeasure.PcdCycle c = m.pcdCycle();
                List<Long> list = arrivals.computeIfAbsent(c.deviceId(), k -> new TreeMap<>())
                        .computeIfAbsent(c.phase(), k -> new ArrayList<>());
                if (c.arrivalsS() != null) {
                    for (Double a : c.arrivalsS()) {
                        list.add(c.cycleStart() + Math.round(a * 1000));
                    }
                }
            } else if (m.probeDelay() != null) {
                ProbeMeasure.ApproachDelay p = m.probeDelay();
                probeDelay.computeIfAbsent(p.approachId(), k -> new Mean()).add(p.meanDelayS(), p.samples());
            } else if (m.linkTravel() != null) {
                links.add(m.linkTravel());
            }
        }
        Map<String, Map<Integer, Double>> volumes = new TreeMap<>();
        fromSaturation.forEach((device, phases) -> phases.forEach((phase, mean) ->
                volumes.computeIfAbsent(device, k -> new TreeMap<>()).put(phase, mean.value())));
        // approach delay wins over degree of saturation where both exist
        fromApproachDelay.forEach((device, phases) -> phases.forEach((phase, mean) ->
                volumes.computeIfAbsent(device, k -> new TreeMap<>()).put(phase, mean.value())));
        for (Map<Integer, List<Long>> byPhase : arrivals.values()) {
            byPhase.values().forEach(list -> list.sort(null));
        }
        Map<String, Double> probe = new TreeMap<>();
        probeDelay.forEach((approach, mean) -> probe.put(approach, mean.value()));
        return new CorridorObservations(corridorId, start, end, volumes, links, arrivals, probe);
    }

    /**
     * The inputs summary stored with every decision (JSON text): the window, the volumes and where each came from,
     * every link's travel time and whether it was measured or the design value (below {@code minSamples} probe
     * trips), the number of stop-bar arrivals per phase and the probe delay per approach.
     */
    String inputsJson(Network.Corridor corridor, int minTravelTimeSamples) {
        CorridorObservations obs = observations();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("window_start", start);
        root.put("window_end", end);
        java.util.Set<String> fromApproachDelay = new java.util.HashSet<>();
        for (CorridorMeasure m : measures) {
            if (m.approachDelay() != null) {
                fromApproachDelay.add(
                        m.approachDelay().deviceId() + "/" + m.approachDelay().phase());
            }
        }
        Map<String, Map<String, Object>> volumes = new TreeMap<>();
        obs.phaseVolumeVph()
                .forEach((device, phases) -> phases.forEach((phase, v) -> {
                    String source = fromApproachDelay.contains(device + "/" + phase)
                            ? "approach_delay"
                            : "degree_of_saturation";
                    volumes.computeIfAbsent(device, k -> new TreeMap<>())
                            .put(String.valueOf(phase), volume(round(v), source));
                }));
        root.put("volumes_vph", volumes);
        root.put("travel_times", travelTimes(corridor, obs.linkTravelTimes(), minTravelTimeSamples));
        Map<String, Map<String, Integer>> arrivalCounts = new TreeMap<>();
        obs.stopBarArrivalsMs()
                .forEach((device, phases) -> phases.forEach((phase, list) -> arrivalCounts
                        .computeIfAbsent(device, k -> new TreeMap<>())
                        .put(String.valueOf(phase), list.size())));
        root.put("stop_bar_arrivals", arrivalCounts);
        Map<String, Double> probe = new TreeMap<>();
        obs.probeDelayByApproach().forEach((approach, delay) -> probe.put(approach, round(delay)));
        root.put("probe_delay_s", probe);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("inputs summary not serialisable", e);
        }
    }

    /**
     * One phase's volume and where it came from, in this key order: {@code Map.of}'s order differs from one JVM to
     * the next, and the summary must be the same text wherever the job runs (a recovered run equals a clean one).
     */
    private static Map<String, Object> volume(double vph, String source) {
        Map<String, Object> volume = new LinkedHashMap<>();
        volume.put("vph", vph);
        volume.put("source", source);
        return volume;
    }

    /** Every link in both directions: the samples-weighted measured mean, or length / design speed. */
    private static List<Map<String, Object>> travelTimes(
            Network.Corridor corridor, List<ProbeMeasure.LinkTravelTime> bins, int minSamples) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<String> devices = corridor.devices();
        for (int i = 0; i + 1 < devices.size(); i++) {
            double designS = corridor.linkLengthM().get(i) / corridor.designSpeedMps();
            out.add(link(
                    corridor.outbound().direction(), devices.get(i), devices.get(i + 1), designS, bins, minSamples));
            out.add(link(
                    corridor.inbound().direction(), devices.get(i + 1), devices.get(i), designS, bins, minSamples));
        }
        return out;
    }

    private static Map<String, Object> link(
            String direction,
            String from,
            String to,
            double designS,
            List<ProbeMeasure.LinkTravelTime> bins,
            int minSamples) {
        Mean measured = new Mean();
        for (ProbeMeasure.LinkTravelTime t : bins) {
            if (t.direction().equals(direction)
                    && t.fromDevice().equals(from)
                    && t.toDevice().equals(to)) {
                measured.add(t.meanS(), t.samples());
            }
        }
        boolean enough = measured.weight >= minSamples;
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("direction", direction);
        link.put("from", from);
        link.put("to", to);
        link.put("travel_time_s", round(enough ? measured.value() : designS));
        link.put("source", enough ? "measured" : "design");
        link.put("samples", (long) measured.weight);
        return link;
    }

    /**
     * The measured delay of the window, corridor-wide, into {@code outcome}: probe control delay weighted by samples
     * and signal approach delay per vehicle weighted by volume (null where nothing was measured).
     */
    PlanOutcome measure(PlanOutcome outcome) {
        Mean probe = new Mean();
        Mean signal = new Mean();
        long arrivals = 0;
        for (CorridorMeasure m : measures) {
            if (m.probeDelay() != null) {
                probe.add(m.probeDelay().meanDelayS(), m.probeDelay().samples());
            } else if (m.approachDelay() != null) {
                signal.add(m.approachDelay().delayPerVehS(), m.approachDelay().volumeVph());
                arrivals += m.approachDelay().arrivals();
            }
        }
        return outcome.measured(
                probe.weight > 0 ? probe.value() : null,
                (int) probe.weight,
                signal.weight > 0 ? signal.value() : null,
                arrivals);
    }

    private static Mean mean(Map<String, Map<Integer, Mean>> byDevice, String device, int phase) {
        return byDevice.computeIfAbsent(device, k -> new TreeMap<>()).computeIfAbsent(phase, k -> new Mean());
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** A weighted mean; with weight 1 per value, the plain mean. */
    private static final class Mean {
        double sum;
        double weight;

        void add(double value, double w) {
            sum += value * w;
            weight += w;
        }

        double value() {
            return weight == 0 ? 0 : sum / weight;
        }
    }
}
