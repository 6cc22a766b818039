package greenwave.jobs.plan;

import greenwave.schemas.ProbeMeasure;
import java.util.List;
import java.util.Map;

/**
 * What was measured on one corridor in the planning window [windowStart, windowEnd) (epoch ms).
 *
 * @param corridorId           the corridor
 * @param windowStart          window start, epoch ms
 * @param windowEnd            window end (exclusive), epoch ms
 * @param phaseVolumeVph       device → NEMA phase → mean measured volume, veh/h
 * @param linkTravelTimes      the window's link travel-time bins
 * @param stopBarArrivalsMs    device → phase → arrival times at the stop bar, epoch ms (from PCD cycles:
 *                             cycle_start + arrivals_s)
 * @param probeDelayByApproach approach_id → volume-weighted mean probe control delay, s (may be empty)
 */
public record CorridorObservations(
        String corridorId,
        long windowStart,
        long windowEnd,
        Map<String, Map<Integer, Double>> phaseVolumeVph,
        List<ProbeMeasure.LinkTravelTime> linkTravelTimes,
        Map<String, Map<Integer, List<Long>>> stopBarArrivalsMs,
        Map<String, Double> probeDelayByApproach) {

    public CorridorObservations {
        phaseVolumeVph = phaseVolumeVph == null ? Map.of() : phaseVolumeVph;
        linkTravelTimes = linkTravelTimes == null ? List.of() : linkTravelTimes;
        stopBarArrivalsMs = stopBarArrivalsMs == null ? Map.of() : stopBarArrivalsMs;
        probeDelayByApproach = probeDelayByApproach == null ? Map.of() : probeDelayByApproach;
    }
}
