package greenwave.jobs.plan;

import greenwave.schemas.Network;
import greenwave.schemas.TimingPlan;
import java.util.Map;

/**
 * Predicted mean delay of a plan under the observed demand (the same model for any plan, so plans compare fairly).
 *
 * <p>Per phase with volume q: HCM uniform delay d1 = 0.5 C (1 − g/C)² / (1 − min(1, X) g/C) with X = q / (s × lanes ×
 * g/C); on the corridor's directional phases times the progression factor PF = (1 − P) / (1 − g/C), capped to
 * [0, 1.5], P being the predicted share of arrivals on green: from the measured profile moved to the new plan (see
 * {@link LinkPivot}) when there is one, else from a platoon leaving the upstream green uniformly and arriving a
 * travel time later, else (first device of a direction, side streets) g/C, i.e. PF = 1; plus HCM incremental delay
 * d2 = 900 T [(X − 1) + √((X − 1)² + 4X / (c T))], T = 0.25 h, c = s × lanes × g/C. The result is the volume-weighted
 * mean over every phase of every device, s/veh; NaN when no phase has volume.
 */
final class DelayModel {
    private static final double ANALYSIS_PERIOD_H = 0.25;
    private static final double MAX_PROGRESSION_FACTOR = 1.5;

    private DelayModel() {}

    static double predict(
            CorridorPlan plan,
            BandGeometry planned,
            BandGeometry running,
            BandTravelTimes travel,
            Map<String, Network.Intersection> intersections,
            CorridorObservations observations,
            double saturationFlowVphpl) {
        double weighted = 0;
        double volume = 0;
        int cycle = plan.cycleS();
        for (int i = 0; i < planned.size(); i++) {
            String id = planned.devices().get(i);
            Network.Intersection intersection = intersections.get(id);
            Map<Integer, Double> volumes = observations.phaseVolumeVph().getOrDefault(id, Map.of());
            for (TimingPlan.PhaseSplit split : plan.devices().get(id).phases()) {
                Double q = volumes.get(split.phase());
                if (q == null || !(q > 0)) {
                    continue;
                }
                double gC = Math.min(1, Math.max(split.greenS(), 1e-6) / cycle);
                double capacity = saturationFlowVphpl * WebsterCycle.lanes(intersection, split.phase()) * gC;
                double x = q / capacity;
                double d1 = greenwave.udfs.traffic.SignalTiming.uniformDelayFromGreenRatioS(cycle, gC, x);
                double pf = 1;
                double arrivalsOnGreen = arrivalsOnGreen(i, split.phase(), planned, running, travel, observations);
                if (!Double.isNaN(arrivalsOnGreen) && gC < 1) {
                    pf = Math.min(MAX_PROGRESSION_FACTOR, Math.max(0, (1 - arrivalsOnGreen) / (1 - gC)));
                }
                double d2 = 900
                        * ANALYSIS_PERIOD_H
                        * ((x - 1) + Math.sqrt((x - 1) * (x - 1) + 4 * x / (capacity * ANALYSIS_PERIOD_H)));
                weighted += q * (d1 * pf + d2);
                volume += q;
            }
        }
        return volume > 0 ? weighted / volume : Double.NaN;
    }

    /**
     * Predicted share of arrivals on green of device i's phase, or NaN when the phase is not progressed (not a
     * directional phase of the corridor, or the first device of its direction): then PF = 1.
     */
    static double arrivalsOnGreen(
            int i,
            int phase,
            BandGeometry planned,
            BandGeometry running,
            BandTravelTimes travel,
            CorridorObservations observations) {
        int cycle = planned.cycleS();
        int[] o = planned.offsets();
        if (phase == planned.outPhase()[i] && i > 0 && !Double.isNaN(planned.outGreen()[i - 1])) {
            double upstreamStart = planned.outStart(i - 1, o[i - 1]);
            double start = planned.outStart(i, o[i]);
            double[] profile = LinkPivot.outboundProfile(i, running, observations.stopBarArrivalsMs());
            if (profile.length > 0) {
                return (double) LinkPivot.onGreen(profile, upstreamStart, start, planned.outGreen()[i], cycle)
                        / profile.length;
            }
            return platoonOnGreen(
                    upstreamStart + travel.outboundS()[i - 1],
                    planned.outGreen()[i - 1],
                    start,
                    planned.outGreen()[i],
                    cycle);
        }
        if (phase == planned.inPhase()[i] && i + 1 < planned.size() && !Double.isNaN(planned.inGreen()[i + 1])) {
            double upstreamStart = planned.inStart(i + 1, o[i + 1]);
            double start = planned.inStart(i, o[i]);
            double[] profile = LinkPivot.inboundProfile(i, running, observations.stopBarArrivalsMs());
            if (profile.length > 0) {
                return (double) LinkPivot.onGreen(profile, upstreamStart, start, planned.inGreen()[i], cycle)
                        / profile.length;
            }
            return platoonOnGreen(
                    upstreamStart + travel.inboundS()[i], planned.inGreen()[i + 1], start, planned.inGreen()[i], cycle);
        }
        return Double.NaN;
    }

    /** Share of a platoon spread uniformly over [arrivalStart, arrivalStart + platoon) that meets [greenStart, + green). */
    static double platoonOnGreen(double arrivalStart, double platoon, double greenStart, double green, int cycleS) {
        if (!(platoon > 0)) {
            return 0;
        }
        double a = SplitWindows.mod(arrivalStart, cycleS);
        double b = SplitWindows.mod(greenStart, cycleS);
        double overlap = 0;
        for (int shift = -1; shift <= 1; shift++) {
            overlap += Math.max(0, Math.min(a + platoon, b + shift * cycleS + green) - Math.max(a, b + shift * cycleS));
        }
        return Math.min(1, overlap / platoon);
    }
}
