package greenwave.jobs.probe;

import greenwave.schemas.VehiclePosition;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.function.Consumer;

/**
 * The approach traversals and corridor link trips of one probe vehicle (spec measures.md §1, "Control delay from probe
 * vehicles"), as a streaming state machine. One instance per {@code vehicle_id}, kept in Flink keyed state; it is
 * {@link Serializable} and holds only primitives and two short strings: the previous sample, the open traversal and
 * the last stop-bar crossing. The network geometry is not in the state: pass the {@link ApproachMatcher} on every call.
 *
 * <h2>Protocol</h2>
 * {@link #onPosition} receives the vehicle's positions in {@code ts} order, exact duplicates dropped (a position with a
 * {@code ts} not after the previous one is ignored). {@link #lastSeenTs()} is the time of the last accepted position:
 * drop the engine on an event-time timer at {@link #expiresAt} = {@code lastSeenTs + maxGapS + 1 ms} (120 s by default):
 * a position arriving later would start afresh anyway, so dropping there changes no output (a longer TTL only costs
 * state; a shorter one loses traversals of vehicles that sample rarely or wait long between samples).
 *
 * <h2>Rules</h2> (geometry and matching: see {@link ApproachMatcher})
 * <ul>
 * <li><b>Entry.</b> With no traversal open, a sample that matches an approach (in its zone; heading within 45°,
 * not checked while the vehicle is stopped, speed &lt; 1.5 m/s, as GPS heading is then meaningless) opens a traversal
 * when the previous sample was upstream of the zone ({@code d > zone_length_m}) and the straight line between the
 * two crosses the zone's entry line within the zone's width. The entry time is interpolated linearly at
 * {@code d = zone_length_m} between those two samples. A vehicle whose first sample on the approach is already inside
 * the zone (no sample before it: trip started there, or it came from a side street) has no entry: the traversal is
 * incomplete and not counted. Of several matching approaches the one nearest its axis is taken.</li>
 * <li><b>In the zone.</b> Each sample of the open traversal is measured against its approach. It is abandoned (no
 * output) when the vehicle leaves the zone sideways ({@code |lateral| > halfWidth}), backs out of it
 * ({@code d > zone_length_m + gpsMargin}), or, while moving (above 3 m/s) and more than the GPS margin (8 m) before
 * the stop bar, heads more than 45° off the bearing (a vehicle starting its turn at the bar is not abandoned).</li>
 * <li><b>Stop-bar crossing.</b> A stopped sample (speed &lt; 1.5 m/s) counts as not past the stop bar
 * ({@code d} taken as {@code max(d, 0)}): a vehicle waiting at the bar whose GPS position jitters a few metres across
 * it has not crossed. A moving sample just past the bar (within the GPS margin, inside the approach's width) is only a
 * tentative crossing: a vehicle creeping in the queue jitters across too. It is confirmed by a later sample clearly
 * past (beyond the margin, or out of the approach's width: turned), and dropped by one back before the bar. The first
 * sample with {@code d < 0} (after that rule) crosses; the crossing time is interpolated
 * at {@code d = 0} between it and the previous sample, provided the line between them crosses the stop bar within the
 * zone's width (else the traversal is abandoned: the vehicle left the road before the bar).</li>
 * <li><b>Delay</b> = (crossing − entry) − {@code zone_length_m / speed_limit_mps}, floored at 0.</li>
 * <li><b>Stops.</b> The speed history starts with the last sample before the zone: "moving" if its speed was above
 * 3 m/s. Then each sample in the zone before the crossing: above 3 m/s sets "moving"; below 1.5 m/s while "moving"
 * counts a stop and clears it.</li>
 * <li><b>Queue position</b> = the largest {@code max(d, 0)} of the stopped samples in the zone; null if none.</li>
 * <li><b>Gaps.</b> Samples more than {@code maxGapS} (120 s) apart are not interpolated between: the open traversal is
 * abandoned, and the later sample starts afresh (it cannot be an entry, a crossing or the end of a link).</li>
 * <li><b>Links.</b> At every stop-bar crossing, if the previous crossing of the vehicle (no other stop bar crossed in
 * between, no gap) was at the upstream approach of a corridor link ending at this approach, at most
 * {@code maxLinkTravelS} (900 s) earlier, a {@link LinkTravel} is emitted with the time between the two crossings.
 * A crossing is remembered even when its traversal had no entry (the vehicle's first sample was in the zone).</li>
 * <li>A sample that jumps over a whole zone (upstream of it, then past the stop bar) forms no traversal.</li>
 * </ul>
 */
public final class VehicleTraversalEngine implements Serializable {
    private static final long serialVersionUID = 1L;

    // ---- the previous sample (NO_TS = none yet)
    private static final long NO_TS = Long.MIN_VALUE;
    private long lastTs = NO_TS;
    private double lastLat;
    private double lastLon;
    private double lastSpeed;

    // ---- the open traversal (openApproach == null: none)
    private String openApproach;
    /** Whether the open traversal has an entry (false: first sample already in the zone; tracked for the crossing only). */
    private boolean openCounted;

    private double entryTs;
    /** Effective signed distance and lateral offset of the previous sample on the open approach. */
    private double openLastD;

    private double openLastLateral;
    private int stops;
    private boolean moving;
    private double queueM = Double.NaN;
    /**
     * A tentative crossing (NaN: none): the open traversal's last step from before the stop bar to just past it, within
     * the GPS margin. A queued vehicle's fix jitters across the bar; the crossing counts once a later sample is clearly
     * past (or has turned away), and is dropped if one comes back before the bar.
     */
    private double pendingCrossTs = Double.NaN;

    private double pendingLateralAtBar;

    // ---- the last stop-bar crossing (lastCrossApproach == null: none)
    private String lastCrossApproach;
    private double lastCrossTs;

    public VehicleTraversalEngine() {}

    /** Time of the last accepted position, epoch ms; {@link Long#MIN_VALUE} before the first. */
    public long lastSeenTs() {
        return lastTs;
    }

    /**
     * When the state can be dropped without changing any output, epoch ms: {@code lastSeenTs + maxGapS + 1 ms}. A later
     * position is more than {@code maxGapS} after the last one, so the engine would start afresh anyway (open traversal
     * abandoned, last crossing forgotten) exactly as a new engine does. Register an event-time timer here; when it
     * fires and {@link #lastSeenTs()} has not moved, clear the state.
     */
    public long expiresAt(ProbeSettings settings) {
        return lastTs == NO_TS ? Long.MIN_VALUE : lastTs + (long) Math.ceil(settings.maxGapS() * 1000) + 1;
    }

    /** Whether the vehicle is inside an approach zone on its way to the stop bar. */
    public boolean inTraversal() {
        return openApproach != null;
    }

    /** {@link #onPosition(VehiclePosition, ApproachMatcher, Consumer, Consumer)} without link trips. */
    public void onPosition(VehiclePosition p, ApproachMatcher matcher, Consumer<Traversal> traversals) {
        onPosition(p, matcher, traversals, l -> {});
    }

    /**
     * Processes the vehicle's next position.
     *
     * @param p          the position; positions must come in {@code ts} order (one with {@code ts} not after the
     *                   previous accepted one is ignored)
     * @param matcher    the network geometry (not part of the state)
     * @param traversals receives each completed approach traversal (with an entry)
     * @param links      receives each corridor link trip
     */
    public void onPosition(
            VehiclePosition p, ApproachMatcher matcher, Consumer<Traversal> traversals, Consumer<LinkTravel> links) {
        if (lastTs != NO_TS && p.ts() <= lastTs) {
            return;
        }
        ProbeSettings s = matcher.settings();
        boolean stopped = p.speedMps() < s.stopSpeedMps();
        if (lastTs == NO_TS || p.ts() - lastTs > s.maxGapS() * 1000) {
            closeOpen();
            lastCrossApproach = null;
            // A first sample (or one after a gap) inside a zone is followed for its crossing (links) but not counted.
            List<ApproachMatcher.Measure> c =
                    matcher.candidates(p.lat(), p.lon(), stopped ? Double.NaN : p.headingDeg());
            if (!c.isEmpty()) {
                ApproachMatcher.Measure m = c.get(0);
                open(matcher.zone(m.approachIndex()).approachId(), false, Double.NaN, false);
                inZone(m, p, s);
            }
            remember(p);
            return;
        }

        if (openApproach != null) {
            int idx = matcher.indexOf(openApproach);
            if (idx < 0) {
                closeOpen(); // the network changed under us
            } else {
                followOpen(idx, p, stopped, matcher, traversals, links);
            }
        }

        if (openApproach == null) {
            tryEntry(p, stopped, matcher);
        }
        remember(p);
    }

    private void followOpen(
            int idx,
            VehiclePosition p,
            boolean stopped,
            ApproachMatcher matcher,
            Consumer<Traversal> traversals,
            Consumer<LinkTravel> links) {
        ProbeSettings s = matcher.settings();
        ApproachMatcher.Zone z = matcher.zone(idx);
        ApproachMatcher.Measure m = matcher.measure(idx, p.lat(), p.lon());
        double d = stopped ? Math.max(m.distanceM(), 0) : m.distanceM();
        if (d < 0) {
            double crossTs;
            double lateralAtBar;
            if (Double.isNaN(pendingCrossTs)) {
                double f = clamp01(openLastD / (openLastD - d));
                lateralAtBar = openLastLateral + f * (m.lateralM() - openLastLateral);
                crossTs = lastTs + f * (p.ts() - lastTs);
            } else {
                crossTs = pendingCrossTs; // the step across the bar came earlier; this sample only confirms it
                lateralAtBar = pendingLateralAtBar;
            }
            boolean clearlyPast = d <= -s.gpsMarginM() || Math.abs(m.lateralM()) > z.halfWidthM();
            if (!clearlyPast) {
                pendingCrossTs = crossTs;
                pendingLateralAtBar = lateralAtBar;
                return;
            }
            if (Math.abs(lateralAtBar) <= z.halfWidthM()) {
                double delay = 0;
                if (openCounted) {
                    delay = Math.max(0, (crossTs - entryTs) / 1000.0 - z.freeFlowS());
                    traversals.accept(new Traversal(
                            z.approachId(),
                            z.deviceId(),
                            p.vehicleId(),
                            Math.round(entryTs),
                            Math.round(crossTs),
                            delay,
                            stops,
                            Double.isNaN(queueM) ? null : queueM));
                }
                crossed(idx, crossTs, delay, p, matcher, links);
            }
            closeOpen();
            return;
        }
        pendingCrossTs = Double.NaN; // back before the bar: what looked like a crossing was GPS noise
        boolean headingOff = !stopped
                && p.speedMps() > s.moveSpeedMps()
                && d > s.gpsMarginM()
                && ApproachMatcher.angleBetween(p.headingDeg(), z.bearingDeg()) > s.headingToleranceDeg();
        if (Math.abs(m.lateralM()) > z.halfWidthM() || d > z.zoneLengthM() + s.gpsMarginM() || headingOff) {
            closeOpen();
            return;
        }
        inZone(new ApproachMatcher.Measure(idx, d, m.lateralM()), p, s);
    }

    private void tryEntry(VehiclePosition p, boolean stopped, ApproachMatcher matcher) {
        List<ApproachMatcher.Measure> candidates =
                matcher.candidates(p.lat(), p.lon(), stopped ? Double.NaN : p.headingDeg());
        for (ApproachMatcher.Measure m : candidates) {
            ApproachMatcher.Zone z = matcher.zone(m.approachIndex());
            ApproachMatcher.Measure prev = matcher.measure(m.approachIndex(), lastLat, lastLon);
            if (!(prev.distanceM() > z.zoneLengthM())) {
                continue; // the previous sample was not upstream of the zone
            }
            double f = (prev.distanceM() - z.zoneLengthM()) / (prev.distanceM() - m.distanceM());
            double lateralAtEntry = prev.lateralM() + f * (m.lateralM() - prev.lateralM());
            if (Math.abs(lateralAtEntry) > z.halfWidthM()) {
                continue; // came in from the side
            }
            open(
                    z.approachId(),
                    true,
                    lastTs + f * (p.ts() - lastTs),
                    lastSpeed > matcher.settings().moveSpeedMps());
            inZone(m, p, matcher.settings());
            return;
        }
        // Not counted, but followed to its stop bar (a link may end there): first sample on an approach, already
        // inside.
        if (!candidates.isEmpty()) {
            ApproachMatcher.Measure m = candidates.get(0);
            ApproachMatcher.Measure prev = matcher.measure(m.approachIndex(), lastLat, lastLon);
            ApproachMatcher.Zone z = matcher.zone(m.approachIndex());
            boolean wasInZone = matcher.inZone(z, prev);
            if (!wasInZone) {
                open(z.approachId(), false, Double.NaN, false);
                inZone(m, p, matcher.settings());
            }
        }
    }

    private void open(String approachId, boolean counted, double entry, boolean movingBefore) {
        openApproach = approachId;
        openCounted = counted;
        entryTs = entry;
        stops = 0;
        moving = movingBefore;
        queueM = Double.NaN;
    }

    /** A sample of the open traversal, before the stop bar; {@code m.distanceM()} is the effective distance. */
    private void inZone(ApproachMatcher.Measure m, VehiclePosition p, ProbeSettings s) {
        double d = Math.max(m.distanceM(), 0);
        if (p.speedMps() > s.moveSpeedMps()) {
            moving = true;
        } else if (p.speedMps() < s.stopSpeedMps()) {
            if (moving) {
                stops++;
                moving = false;
            }
            queueM = Double.isNaN(queueM) ? d : Math.max(queueM, d);
        }
        openLastD = d;
        openLastLateral = m.lateralM();
    }

    /** A stop-bar crossing; {@code delay} is the control delay of the traversal it ends (0 when not measured). */
    private void crossed(
            int idx,
            double crossTs,
            double delay,
            VehiclePosition p,
            ApproachMatcher matcher,
            Consumer<LinkTravel> links) {
        if (lastCrossApproach != null
                && (crossTs - lastCrossTs) <= matcher.settings().maxLinkTravelS() * 1000) {
            int from = matcher.indexOf(lastCrossApproach);
            for (ApproachMatcher.CorridorLink l : matcher.linksTo(idx)) {
                if (l.fromApproach() == from) {
                    links.accept(new LinkTravel(
                            l.corridorId(),
                            l.direction(),
                            l.fromDevice(),
                            l.toDevice(),
                            p.vehicleId(),
                            Math.round(lastCrossTs),
                            Math.round(crossTs),
                            (crossTs - lastCrossTs) / 1000.0,
                            Math.max(0, (crossTs - lastCrossTs) / 1000.0 - delay)));
                }
            }
        }
        lastCrossApproach = matcher.zone(idx).approachId();
        lastCrossTs = crossTs;
    }

    private void closeOpen() {
        openApproach = null;
        openCounted = false;
        queueM = Double.NaN;
        pendingCrossTs = Double.NaN;
    }

    private void remember(VehiclePosition p) {
        lastTs = p.ts();
        lastLat = p.lat();
        lastLon = p.lon();
        lastSpeed = p.speedMps();
    }

    private static double clamp01(double f) {
        return Double.isNaN(f) ? 0 : Math.max(0, Math.min(1, f));
    }

    // ------------------------------------------------------------------ compact binary form

    /**
     * Writes the state compactly (for a custom Flink {@code TypeSerializer}, which beats Java serialization and Kryo by
     * far; see {@link #readFrom}).
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(lastTs);
        out.writeDouble(lastLat);
        out.writeDouble(lastLon);
        out.writeDouble(lastSpeed);
        out.writeBoolean(openApproach != null);
        if (openApproach != null) {
            out.writeUTF(openApproach);
            out.writeBoolean(openCounted);
            out.writeDouble(entryTs);
            out.writeDouble(openLastD);
            out.writeDouble(openLastLateral);
            out.writeInt(stops);
            out.writeBoolean(moving);
            out.writeDouble(queueM);
            out.writeDouble(pendingCrossTs);
            out.writeDouble(pendingLateralAtBar);
        }
        out.writeBoolean(lastCrossApproach != null);
        if (lastCrossApproach != null) {
            out.writeUTF(lastCrossApproach);
            out.writeDouble(lastCrossTs);
        }
    }

    /** Reads what {@link #writeTo} wrote. */
    public static VehicleTraversalEngine readFrom(DataInput in) throws IOException {
        VehicleTraversalEngine e = new VehicleTraversalEngine();
        e.lastTs = in.readLong();
        e.lastLat = in.readDouble();
        e.lastLon = in.readDouble();
        e.lastSpeed = in.readDouble();
        if (in.readBoolean()) {
            e.openApproach = in.readUTF();
            e.openCounted = in.readBoolean();
            e.entryTs = in.readDouble();
            e.openLastD = in.readDouble();
            e.openLastLateral = in.readDouble();
            e.stops = in.readInt();
            e.moving = in.readBoolean();
            e.queueM = in.readDouble();
            e.pendingCrossTs = in.readDouble();
            e.pendingLateralAtBar = in.readDouble();
        }
        if (in.readBoolean()) {
            e.lastCrossApproach = in.readUTF();
            e.lastCrossTs = in.readDouble();
        }
        return e;
    }
}
