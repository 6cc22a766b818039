package greenwave.schemas;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/** Good records for every contract: the contract's own examples, completed where it elides fields with "...". */
final class Examples {

    static final String SIGNAL_EVENT = """
            {"device_id": "227", "ts": 1715612400100, "code": 82, "param": 27}""";
    static final String VEHICLE_POSITION = """
            {"vehicle_id": "v-88231", "ts": 1715612400000, "lat": 30.6571, "lon": 104.0657, "speed_mps": 11.2, "heading_deg": 87.0}""";
    static final String BIKE_EVENT = """
            {"bike_id": "hb-102938", "operator": "hellobike", "ts": 1715612400000, "type": "park", "lat": 30.5467, "lon": 104.0621}""";
    static final String BIKE_ZONE = """
            {"zone_id": "z-17", "name": "Chunxi Rd metro exit B",
             "polygon": [[104.0790, 30.6540], [104.0800, 30.6540], [104.0800, 30.6550], [104.0790, 30.6550]],
             "capacity": 40, "operators": ["hellobike", "meituan"]}""";
    static final String BLACKLIST = """
            {"bike_id": "hb-102938", "operator": "hellobike", "reason": "broken brake", "ts": 1715612400000, "active": true}""";
    static final String CAMERA_EVENT = """
            {"kitchen_id": "sc-0451", "camera_id": "cam-2", "ts": 1715612400000, "type": "no_mask", "confidence": 0.91, "snapshot": "s3://kitchens/sc-0451/cam-2/1715612400000.jpg"}""";
    static final String SENSOR_READING = """
            {"kitchen_id": "sc-0451", "device_id": "fr-1", "kind": "fridge", "ts": 1715612400000, "celsius": 4.2}""";
    static final String OPERATION = """
            {"kitchen_id": "sc-0451", "ts": 1715612400000, "type": "meal_served", "meal": "lunch"}""";
    static final String KITCHEN = """
            {"kitchen_id": "sc-0451", "name": "No. 7 Primary School canteen", "kind": "school_canteen", "district": "Jinjiang"}""";
    static final String PLAN_ACK = """
            {"plan_id": "c1-20240513T1515-227", "device_id": "227", "ts": 1715613310000, "status": "rejected", "reason": "manual control"}""";
    static final String NETWORK = """
            {
              "intersections": [{
                "device_id": "227", "name": "Renmin Rd / Shuncheng St", "lat": 30.65, "lon": 104.06,
                "approaches": [{
                  "approach_id": "227-EB", "direction": "EB", "bearing_deg": 90.0, "phase": 2, "lanes": 2,
                  "stopbar_lat": 30.64995, "stopbar_lon": 104.05990, "speed_limit_mps": 13.9, "zone_length_m": 250.0,
                  "detectors": [{"channel": 3, "function": "advance", "distance_m": 120.0}, {"channel": 5, "function": "presence", "distance_m": 0.0}]
                }],
                "timing": {"cycle_s": 90, "offset_s": 0, "coordinated_phases": [2, 6],
                           "phases": [{"phase": 2, "green_s": 46, "min_green_s": 10, "max_green_s": 70, "yellow_s": 4, "red_clear_s": 1, "ped_clear_s": 12},
                                      {"phase": 6, "green_s": 46, "min_green_s": 10, "max_green_s": 70, "yellow_s": 4, "red_clear_s": 1}]}
              }, {
                "device_id": "452", "lat": 30.65, "lon": 104.0632, "approaches": [],
                "timing": {"cycle_s": 90, "offset_s": 22, "coordinated_phases": [2, 6],
                           "phases": [{"phase": 2, "green_s": 46, "min_green_s": 10, "max_green_s": 70, "yellow_s": 4, "red_clear_s": 1},
                                      {"phase": 6, "green_s": 46, "min_green_s": 10, "max_green_s": 70, "yellow_s": 4, "red_clear_s": 1}]}
              }, {
                "device_id": "454", "lat": 30.65, "lon": 104.0663, "approaches": [],
                "timing": {"cycle_s": 90, "offset_s": 43, "coordinated_phases": [2, 6],
                           "phases": [{"phase": 2, "green_s": 46, "min_green_s": 10, "max_green_s": 70, "yellow_s": 4, "red_clear_s": 1},
                                      {"phase": 6, "green_s": 46, "min_green_s": 10, "max_green_s": 70, "yellow_s": 4, "red_clear_s": 1}]}
              }],
              "corridors": [{"corridor_id": "c1", "name": "Renmin Rd", "devices": ["227", "452", "454"],
                             "link_length_m": [310.0, 295.0], "design_speed_mps": 13.9, "min_cycle_s": 60, "max_cycle_s": 180,
                             "outbound": {"direction": "EB", "phase_by_device": {"227": 2, "452": 2, "454": 2}},
                             "inbound":  {"direction": "WB", "phase_by_device": {"227": 6, "452": 6, "454": 6}}}]
            }""";
    static final String ZONES = "[" + BIKE_ZONE + "]";
    static final String KITCHENS = "{\"kitchens\": [" + KITCHEN + "]}";
    static final String MEASURE = """
            {"measure": "actuations", "device_id": "227", "bin_start": 1715612400000, "detector": 3, "total": 41}""";
    static final String PROBE_MEASURE = """
            {"measure": "probe_approach_delay", "device_id": "227", "approach_id": "227-EB", "bin_start": 1715612400000,
             "samples": 14, "mean_delay_s": 23.4, "p85_delay_s": 41.2, "mean_stops": 0.8, "max_queue_m": 85.0, "los": "C"}""";
    static final String TIMING_PLAN = """
            {"plan_id": "c1-20240513T1515-227", "corridor_id": "c1", "device_id": "227",
             "issued_at": 1715613300000, "effective_at": 1715613360000, "expires_at": 1715614260000,
             "cycle_s": 100, "offset_s": 37, "coordinated_phases": [2, 6],
             "phases": [{"phase": 2, "green_s": 48, "yellow_s": 4, "red_clear_s": 1}, {"phase": 4, "green_s": 42, "yellow_s": 4, "red_clear_s": 1}],
             "reason": "green wave c1, outbound weight 0.6", "supersedes": "c1-20240513T1500-227",
             "predicted": {"bandwidth_outbound_s": 31, "bandwidth_inbound_s": 22, "delay_s_per_veh": 18.4}}""";
    static final String DISPATCH_TASK = """
            {"task_id": "z-17/a-3/hellobike", "zone_id": "z-17", "operator": "hellobike", "ts": 1715613000000,
             "kind": "remove_bikes", "count": 14, "bike_ids": ["hb-1", "hb-2"], "deadline_ts": 1715616600000, "escalation_level": 0}""";
    static final String ALERT = """
            {"alert_id": "bike/zone_overflow/z-17/1715613000000", "ts": 1715613000000, "domain": "bike", "kind": "zone_overflow",
             "severity": "warning", "subject_id": "z-17", "opened_at": 1715613000000, "closed_at": null,
             "details": {"occupancy": 62, "capacity": 40}}""";
    static final String DEAD_LETTER = """
            {"source_topic": "signal.events", "partition": 3, "offset": 12345, "ts": 1715612400100,
             "reason": "$.ts: string found, integer expected", "payload": "{\\"device_id\\": \\"227\\", \\"ts\\": \\"1\\"}"}""";

    static final Map<Contract, String> GOOD = new EnumMap<>(Contract.class);

    static {
        GOOD.put(Contract.SIGNAL_EVENTS, SIGNAL_EVENT);
        GOOD.put(Contract.VEHICLE_POSITIONS, VEHICLE_POSITION);
        GOOD.put(Contract.BIKE_EVENTS, BIKE_EVENT);
        GOOD.put(Contract.BIKE_ZONES, BIKE_ZONE);
        GOOD.put(Contract.BIKE_BLACKLIST, BLACKLIST);
        GOOD.put(Contract.FOOD_CAMERA_EVENTS, CAMERA_EVENT);
        GOOD.put(Contract.FOOD_SENSOR_READINGS, SENSOR_READING);
        GOOD.put(Contract.FOOD_OPERATIONS, OPERATION);
        GOOD.put(Contract.FOOD_KITCHENS, KITCHEN);
        GOOD.put(Contract.SIGNAL_PLAN_ACKS, PLAN_ACK);
        GOOD.put(Contract.NETWORK, NETWORK);
        GOOD.put(Contract.ZONES, ZONES);
        GOOD.put(Contract.KITCHENS, KITCHENS);
        GOOD.put(Contract.SIGNAL_MEASURES, MEASURE);
        GOOD.put(Contract.PROBE_MEASURES, PROBE_MEASURE);
        GOOD.put(Contract.SIGNAL_TIMING_PLANS, TIMING_PLAN);
        GOOD.put(Contract.BIKE_DISPATCH_TASKS, DISPATCH_TASK);
        GOOD.put(Contract.ALERTS, ALERT);
        GOOD.put(Contract.DLQ, DEAD_LETTER);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Examples() {}
}
