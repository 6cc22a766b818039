package greenwave.jobs.plan;

import java.util.Arrays;

/**
 * Two-way green band of a corridor and the exact search for the offsets that maximise
 * w_out × b_out + w_in × b_in on a 1-second grid.
 *
 * <p>The outbound band is the longest interval of departure times from the first device's stop bar such that a
 * vehicle travelling at the link travel times meets green at every device; inbound likewise for vehicles arriving
 * at the first device. Each device's green, moved back (or forward) by the travel time, is a periodic arc of
 * departure times; the band is the longest piece of the intersection of those arcs. Measured from the start of the
 * first device's green, the intersection lies in [0, g₀), so no wrap-around is needed.
 *
 * <p>The search fixes the first device's offset and goes depth first over the others' offsets. Adding a device can
 * only shrink the intersection, so a prefix's weighted band bounds every completion from above: a branch whose
 * bound cannot beat the best plan found is cut. Ties go to the smaller total offset change from the running plan.
 */
final class BandSearch {
    private static final double EPS = 1e-9;

    private final BandGeometry geometry;
    private final double[] outArrival; // outbound: travel time from the first device to device i
    private final double[] inFromDevice; // inbound: travel time from device i to the first device
    private final double weightOut;
    private final double weightIn;
    private final int[] running; // running offsets, modulo the cycle
    private final int cycle;

    private int[] best;
    private double bestValue;
    private int bestChange;
    private long nodes;

    BandSearch(BandGeometry geometry, BandTravelTimes travel, double weightOut, double weightIn, int[] runningOffsets) {
        this.geometry = geometry;
        this.outArrival = travel.outboundCumulative();
        this.inFromDevice = travel.inboundCumulative();
        this.weightOut = weightOut;
        this.weightIn = weightIn;
        this.cycle = geometry.cycleS();
        this.running = new int[runningOffsets.length];
        for (int i = 0; i < running.length; i++) {
            running[i] = Math.floorMod(runningOffsets[i], cycle);
        }
    }

    /** {outbound band, inbound band}, s, of the given offsets. */
    double[] bandwidths(int[] offsets) {
        double[] out = fullCycle();
        double[] in = fullCycle();
        for (int i = 0; i < offsets.length; i++) {
            out = intersect(out, arc(true, i, offsets[i], offsets[0]), geometry.outGreen()[i]);
            in = intersect(in, arc(false, i, offsets[i], offsets[0]), geometry.inGreen()[i]);
        }
        return new double[] {longest(out), longest(in)};
    }

    /** The best offsets (the first device keeps {@code firstOffset}); exact on the 1-second grid. */
    int[] search(int firstOffset) {
        int n = geometry.size();
        int[] offsets = new int[n];
        offsets[0] = Math.floorMod(firstOffset, cycle);
        best = null;
        bestValue = Double.NEGATIVE_INFINITY;
        bestChange = Integer.MAX_VALUE;
        nodes = 0;
        double[] out = intersect(fullCycle(), arc(true, 0, offsets[0], offsets[0]), geometry.outGreen()[0]);
        double[] in = intersect(fullCycle(), arc(false, 0, offsets[0], offsets[0]), geometry.inGreen()[0]);
        descend(1, offsets, out, in, change(0, offsets[0]));
        return best;
    }

    /** Nodes visited by the last search (for tests of the pruning). */
    long nodes() {
        return nodes;
    }

    private void descend(int device, int[] offsets, double[] out, double[] in, int changeSoFar) {
        nodes++;
        if (device == geometry.size()) {
            double value = value(out, in);
            if (value > bestValue + EPS || (value > bestValue - EPS && changeSoFar < bestChange)) {
                best = offsets.clone();
                bestValue = value;
                bestChange = changeSoFar;
            }
            return;
        }
        // Evaluate every offset of this device, then visit the most promising first so good plans are found early.
        double[][] outs = new double[cycle][];
        double[][] ins = new double[cycle][];
        double[] bound = new double[cycle];
        Integer[] order = new Integer[cycle];
        for (int o = 0; o < cycle; o++) {
            outs[o] = intersect(out, arc(true, device, o, offsets[0]), geometry.outGreen()[device]);
            ins[o] = intersect(in, arc(false, device, o, offsets[0]), geometry.inGreen()[device]);
            bound[o] = value(outs[o], ins[o]);
            order[o] = o;
        }
        Arrays.sort(
                order,
                (a, b) -> bound[a] != bound[b]
                        ? Double.compare(bound[b], bound[a])
                        : Integer.compare(change(device, a), change(device, b)));
        for (int o : order) {
            int change = changeSoFar + change(device, o);
            if (bound[o] < bestValue - EPS || (bound[o] <= bestValue + EPS && change >= bestChange)) {
                continue;
            }
            offsets[device] = o;
            descend(device + 1, offsets, outs[o], ins[o], change);
        }
    }

    private double value(double[] out, double[] in) {
        return weightOut * longest(out) + weightIn * longest(in);
    }

    private int change(int device, int offset) {
        int d = Math.abs(offset - running[device]);
        return Math.min(d, cycle - d);
    }

    /**
     * Start of device i's arc in band coordinates (seconds after the first device's green start in that direction).
     * Outbound: a vehicle leaving the first device at u reaches device i at u + T_i; inbound: a vehicle reaching the
     * first device at u passed device i at u − T_i.
     */
    private double arc(boolean outbound, int i, int offset, int firstOffset) {
        if (outbound) {
            double reference = Double.isNaN(geometry.outGreen()[0]) ? 0 : geometry.outStart(0, firstOffset);
            return SplitWindows.mod(geometry.outStart(i, offset) - outArrival[i] - reference, cycle);
        }
        double reference = Double.isNaN(geometry.inGreen()[0]) ? 0 : geometry.inStart(0, firstOffset);
        return SplitWindows.mod(geometry.inStart(i, offset) + inFromDevice[i] - reference, cycle);
    }

    private double[] fullCycle() {
        return new double[] {0, cycle};
    }

    /** The pieces of {@code set} ({start, end, start, end, ...}, within [0, cycle]) inside the periodic arc [a, a + g). */
    private double[] intersect(double[] set, double a, double green) {
        if (Double.isNaN(green) || green >= cycle - EPS) {
            return set;
        }
        double[] result = new double[set.length * 3];
        int k = 0;
        for (int s = 0; s < set.length; s += 2) {
            for (int shift = -1; shift <= 1; shift++) {
                double lo = Math.max(set[s], a + shift * cycle);
                double hi = Math.min(set[s + 1], a + shift * cycle + green);
                if (hi > lo + EPS) {
                    result[k++] = lo;
                    result[k++] = hi;
                }
            }
        }
        return Arrays.copyOf(result, k);
    }

    private static double longest(double[] set) {
        double longest = 0;
        for (int s = 0; s < set.length; s += 2) {
            longest = Math.max(longest, set[s + 1] - set[s]);
        }
        return longest;
    }
}
