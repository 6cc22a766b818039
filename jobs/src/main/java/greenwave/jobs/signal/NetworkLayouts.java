package greenwave.jobs.signal;

import greenwave.schemas.Network;
import java.util.LinkedHashMap;
import java.util.Map;

/** The detector layout of each controller, read from the signal inventory ({@code network.json}). */
public final class NetworkLayouts {
    private NetworkLayouts() {}

    /**
     * One layout per intersection: every detector of every approach with its phase, function, distance from the
     * stop bar and the approach's speed limit (for the travel time to the stop bar), and the approach's lanes.
     */
    public static Map<String, SignalLayout> of(Network network) {
        Map<String, SignalLayout> layouts = new LinkedHashMap<>();
        for (Network.Intersection intersection : network.intersections()) {
            SignalLayout.Builder layout = SignalLayout.builder();
            Map<Integer, Integer> lanes = new LinkedHashMap<>();
            for (Network.Approach approach : intersection.approaches()) {
                lanes.merge(approach.phase(), approach.lanes(), Integer::sum);
                for (Network.Detector d : approach.detectors()) {
                    layout.detector(
                            d.channel(),
                            approach.phase(),
                            SignalLayout.Function.parse(d.function()),
                            d.distanceM(),
                            approach.speedLimitMps());
                }
            }
            lanes.forEach(layout::lanes);
            layouts.put(intersection.deviceId(), layout.build());
        }
        return layouts;
    }
}
