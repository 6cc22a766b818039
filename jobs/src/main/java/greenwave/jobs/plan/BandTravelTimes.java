package greenwave.jobs.plan;

import greenwave.schemas.Network;
import greenwave.schemas.ProbeMeasure;
import java.util.List;

/**
 * Stop-bar-to-stop-bar travel times of a corridor's links, per direction: the samples-weighted mean running time of
 * the window's measured {@link ProbeMeasure.LinkTravelTime} bins when they hold at least {@code minSamples} trips, else
 * the link length over the corridor's design speed. The running time (travel time minus the wait at the downstream
 * signal) is what a platoon in the band needs; the plain travel time also holds the delay of the plan being replaced
 * (a bin without a running time counts with its travel time).
 *
 * @param outboundS  outboundS[i]: from devices[i] to devices[i+1], s
 * @param inboundS   inboundS[i]: from devices[i+1] to devices[i], s
 * @param outMeasured whether outboundS[i] is measured (else design)
 * @param inMeasured  whether inboundS[i] is measured (else design)
 */
record BandTravelTimes(double[] outboundS, double[] inboundS, boolean[] outMeasured, boolean[] inMeasured) {

    static BandTravelTimes select(
            Network.Corridor corridor, List<ProbeMeasure.LinkTravelTime> measured, int minSamples) {
        List<String> devices = corridor.devices();
        int links = Math.max(devices.size() - 1, 0);
        double[] out = new double[links];
        double[] in = new double[links];
        boolean[] outM = new boolean[links];
        boolean[] inM = new boolean[links];
        for (int i = 0; i < links; i++) {
            double design = designTime(corridor, i);
            double[] o = measuredMean(measured, corridor.corridorId(), devices.get(i), devices.get(i + 1), minSamples);
            double[] b = measuredMean(measured, corridor.corridorId(), devices.get(i + 1), devices.get(i), minSamples);
            out[i] = o == null ? design : o[0];
            outM[i] = o != null;
            in[i] = b == null ? design : b[0];
            inM[i] = b != null;
        }
        return new BandTravelTimes(out, in, outM, inM);
    }

    static double designTime(Network.Corridor corridor, int link) {
        List<Double> lengths = corridor.linkLengthM();
        if (lengths == null
                || link >= lengths.size()
                || lengths.get(link) == null
                || !(corridor.designSpeedMps() > 0)) {
            throw new IllegalArgumentException(
                    "corridor " + corridor.corridorId() + " has no length or design speed for link " + link);
        }
        return lengths.get(link) / corridor.designSpeedMps();
    }

    /** {mean} of the bins from → to, or null when they hold fewer than minSamples trips. */
    private static double[] measuredMean(
            List<ProbeMeasure.LinkTravelTime> bins, String corridorId, String from, String to, int minSamples) {
        double weighted = 0;
        long samples = 0;
        for (ProbeMeasure.LinkTravelTime b : bins) {
            if ((b.corridorId() == null || b.corridorId().equals(corridorId))
                    && from.equals(b.fromDevice())
                    && to.equals(b.toDevice())
                    && b.samples() > 0
                    && Double.isFinite(b.meanS())) {
                weighted += b.samples()
                        * (b.meanRunningS() != null && Double.isFinite(b.meanRunningS())
                                ? b.meanRunningS()
                                : b.meanS());
                samples += b.samples();
            }
        }
        return samples > 0 && samples >= minSamples ? new double[] {weighted / samples} : null;
    }

    /** Arrival time at each device of a vehicle leaving the first device's stop bar outbound, s. */
    double[] outboundCumulative() {
        double[] t = new double[outboundS.length + 1];
        for (int i = 0; i < outboundS.length; i++) {
            t[i + 1] = t[i] + outboundS[i];
        }
        return t;
    }

    /** Travel time from each device to the first device inbound, s. */
    double[] inboundCumulative() {
        double[] t = new double[inboundS.length + 1];
        for (int i = 0; i < inboundS.length; i++) {
            t[i + 1] = t[i] + inboundS[i];
        }
        return t;
    }
}
