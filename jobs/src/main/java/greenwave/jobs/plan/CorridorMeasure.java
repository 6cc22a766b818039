package greenwave.jobs.plan;

import greenwave.schemas.ProbeMeasure;
import greenwave.schemas.SignalMeasure;

/**
 * One measure the green-wave planner uses, routed to a corridor. Exactly one of the measure fields is set; concrete
 * types (not the sealed interfaces) keep the record a Flink POJO, so it is state-friendly.
 *
 * @param corridorId    the corridor the measure belongs to (a device on several corridors yields one per corridor)
 * @param approachDelay signal approach delay of a phase in a bin: the phase volume and the per-vehicle delay
 * @param saturation    degree of saturation of a phase in a bin: the volume when approach delay is missing
 * @param pcdCycle      one cycle of a phase's coordination diagram: stop-bar arrivals
 * @param probeDelay    probe control delay of an approach in a bin
 * @param linkTravel    measured travel time of a corridor link in a bin
 */
public record CorridorMeasure(
        String corridorId,
        SignalMeasure.ApproachDelay approachDelay,
        SignalMeasure.DegreeOfSaturation saturation,
        SignalMeasure.PcdCycle pcdCycle,
        ProbeMeasure.ApproachDelay probeDelay,
        ProbeMeasure.LinkTravelTime linkTravel) {

    /** The measure's event time: its bin start, or the cycle start of a PCD cycle. */
    public long eventTs() {
        if (approachDelay != null) {
            return approachDelay.binStart();
        }
        if (saturation != null) {
            return saturation.binStart();
        }
        if (pcdCycle != null) {
            return pcdCycle.cycleStart();
        }
        if (probeDelay != null) {
            return probeDelay.binStart();
        }
        return linkTravel.binStart();
    }

    /** The planner's share of a signal measure, or null when the planner does not use that kind. */
    public static CorridorMeasure of(String corridorId, SignalMeasure m) {
        if (m instanceof SignalMeasure.ApproachDelay d) {
            return new CorridorMeasure(corridorId, d, null, null, null, null);
        }
        if (m instanceof SignalMeasure.DegreeOfSaturation s) {
            return new CorridorMeasure(corridorId, null, s, null, null, null);
        }
        if (m instanceof SignalMeasure.PcdCycle c) {
            return new CorridorMeasure(corridorId, null, null, c, null, null);
        }
        return null;
    }

    public static CorridorMeasure of(String corridorId, ProbeMeasure m) {
        if (m instanceof ProbeMeasure.ApproachDelay d) {
            return new CorridorMeasure(corridorId, null, null, null, d, null);
        }
        if (m instanceof ProbeMeasure.LinkTravelTime t) {
            return new CorridorMeasure(corridorId, null, null, null, null, t);
        }
        return null;
    }
}
