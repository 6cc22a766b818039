package greenwave.jobs.plan;

import greenwave.schemas.Network;
import java.util.List;

/**
 * Where the corridor's directional phases are green in a plan: per device (outbound order) the green of its outbound
 * phase ({@code outbound.phase_by_device}) and of its inbound phase, as a start relative to the device's offset and a
 * length. A device without a phase for a direction has a NaN green there and does not constrain that direction.
 */
record BandGeometry(
        int cycleS,
        List<String> devices,
        int[] offsets,
        int[] outPhase,
        double[] outRel,
        double[] outGreen,
        int[] inPhase,
        double[] inRel,
        double[] inGreen) {

    static BandGeometry of(CorridorPlan plan, Network.Corridor corridor) {
        List<String> devices = corridor.devices();
        int n = devices.size();
        int[] offsets = new int[n];
        int[] outPhase = new int[n];
        int[] inPhase = new int[n];
        double[] outRel = new double[n];
        double[] outGreen = new double[n];
        double[] inRel = new double[n];
        double[] inGreen = new double[n];
        for (int i = 0; i < n; i++) {
            CorridorPlan.DevicePlan d = plan.devices().get(devices.get(i));
            if (d == null) {
                throw new IllegalArgumentException("plan has no device " + devices.get(i));
            }
            offsets[i] = d.offsetS();
            outPhase[i] = phase(corridor.outbound(), devices.get(i));
            inPhase[i] = phase(corridor.inbound(), devices.get(i));
            outRel[i] = relativeStart(d, outPhase[i], plan.cycleS());
            outGreen[i] = green(d, outPhase[i]);
            inRel[i] = relativeStart(d, inPhase[i], plan.cycleS());
            inGreen[i] = green(d, inPhase[i]);
        }
        return new BandGeometry(plan.cycleS(), devices, offsets, outPhase, outRel, outGreen, inPhase, inRel, inGreen);
    }

    /** Absolute start of device i's outbound green, s in [0, cycle), for the given offset. */
    double outStart(int i, int offset) {
        return SplitWindows.mod(offset + outRel[i], cycleS);
    }

    /** Absolute start of device i's inbound green, s in [0, cycle), for the given offset. */
    double inStart(int i, int offset) {
        return SplitWindows.mod(offset + inRel[i], cycleS);
    }

    int size() {
        return devices.size();
    }

    private static int phase(Network.CorridorDirection direction, String device) {
        if (direction == null || direction.phaseByDevice() == null) {
            return 0;
        }
        Integer p = direction.phaseByDevice().get(device);
        return p == null ? 0 : p;
    }

    private static double relativeStart(CorridorPlan.DevicePlan d, int phase, int cycleS) {
        return SplitWindows.greenStart(phase, cycleS, 0, d.coordinatedPhases(), d.phases());
    }

    private static double green(CorridorPlan.DevicePlan d, int phase) {
        boolean present = d.phases().stream().anyMatch(p -> p.phase() == phase);
        return present ? SplitWindows.green(phase, d.phases()) : Double.NaN;
    }
}
