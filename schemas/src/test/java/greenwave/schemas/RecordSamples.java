package greenwave.schemas;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Java instances of every contract type, fully populated and with optional fields left null. */
final class RecordSamples {

    static List<SignalMeasure> measures() {
        return List.of(
                new SignalMeasure.Actuations("227", 1715612400000L, 3, 41),
                new SignalMeasure.Terminations("227", 1715612400000L, 2, SignalMeasure.Terminations.GAP_OUT, 7),
                new SignalMeasure.ArrivalsOnGreen("227", 1715612400000L, 2, 120, 80, 0.6667),
                new SignalMeasure.SplitFailures("227", 1715612400000L, 4, 10, 31.5, 0.82, 0.4, 2),
                new SignalMeasure.ApproachDelay(
                        "227", 1715612400000L, 2, 120, 480.0, 1800.0, 15.0, 80, 0.6667, 0.5, 1.333),
                new SignalMeasure.PcdCycle(
                        "227",
                        2,
                        1715612400000L,
                        1715612446000L,
                        1715612450000L,
                        1715612490000L,
                        List.of(1.5, 12.25, 70.0)),
                new SignalMeasure.PcdCycle("227", 2, 1715612400000L, null, null, 1715612490000L, List.of()),
                new SignalMeasure.DegreeOfSaturation("227", 1715612400000L, 2, 480.0, 2, 0.5, 1800.0, 0.2667),
                new SignalMeasure.YellowRedActuations("227", 1715612400000L, 2, 10, 1.5, 3),
                new SignalMeasure.Preemption(
                        "227",
                        5,
                        1715617301600L,
                        1715617301700L,
                        1715617307300L,
                        1715617322300L,
                        1715617437000L,
                        1715617437800L,
                        0.1,
                        5.6,
                        114.7,
                        15.0,
                        true),
                new SignalMeasure.Preemption(
                        "227", 2, null, 1715617301700L, null, null, null, null, null, null, null, null, false),
                new SignalMeasure.CoordinationChange(
                        "227", 1715612400000L, SignalMeasure.CoordinationChange.CYCLE_LENGTH, 100),
                new SignalMeasure.CycleLength("227", 1715612400000L, 2, 9, 100.2, 99.9, 100.5));
    }

    static List<ProbeMeasure> probeMeasures() {
        return List.of(
                new ProbeMeasure.ApproachDelay("227", "227-EB", 1715612400000L, 14, 23.4, 41.2, 0.8, 85.0, "C"),
                new ProbeMeasure.ApproachDelay("227", "227-WB", 1715612400000L, 1, 0.0, 0.0, 0.0, null, "A"),
                new ProbeMeasure.LinkTravelTime("c1", "EB", "227", "452", 1715612400000L, 9, 35.5, 44.1));
    }

    static TimingPlan timingPlan() {
        return new TimingPlan(
                "c1-20240513T1515-227",
                "c1",
                "227",
                1715613300000L,
                1715613360000L,
                1715614260000L,
                100,
                37,
                List.of(2, 6),
                List.of(new TimingPlan.PhaseSplit(2, 48, 4, 1), new TimingPlan.PhaseSplit(4, 41.5, 3.5, 1.5)),
                "green wave c1, outbound weight 0.6",
                "c1-20240513T1500-227",
                new TimingPlan.Prediction(31.0, 22.0, 18.4));
    }

    static TimingPlan minimalTimingPlan() {
        return new TimingPlan(
                "c1-20240513T1515-452",
                "c1",
                "452",
                1,
                2,
                3,
                60,
                0,
                List.of(),
                List.of(new TimingPlan.PhaseSplit(2, 25, 4, 1)),
                null,
                null,
                null);
    }

    static DispatchTask dispatchTask() {
        return new DispatchTask(
                "z-17/a-3/hellobike",
                "z-17",
                "hellobike",
                1715613000000L,
                DispatchTask.REMOVE_BIKES,
                14,
                null,
                1715616600000L,
                0);
    }

    static DispatchTask blacklistTask() {
        return new DispatchTask(
                "bl/hb-9/1715613000000",
                "z-17",
                "hellobike",
                1715613000000L,
                DispatchTask.REMOVE_BLACKLISTED,
                1,
                List.of("hb-9"),
                1715616600000L,
                1);
    }

    static Alert alert() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("occupancy", 62);
        details.put("capacity", 40);
        details.put("by_operator", Map.of("hellobike", 30));
        details.put("evidence", List.of("a", "b"));
        return new Alert(
                "bike/zone_overflow/z-17/1715613000000",
                1715613000000L,
                Alert.BIKE,
                "zone_overflow",
                Alert.WARNING,
                "z-17",
                1715613000000L,
                null,
                details);
    }

    static Alert closedAlert() {
        return new Alert(
                "food/cold_chain/sc-0451/fr-1/1",
                1715616600000L,
                Alert.FOOD,
                "cold_chain",
                Alert.CRITICAL,
                "sc-0451",
                1715613000000L,
                1715616600000L,
                null);
    }

    static Map<Contract, List<?>> all() {
        Map<Contract, List<?>> all = new LinkedHashMap<>();
        all.put(
                Contract.SIGNAL_EVENTS,
                List.of(
                        new SignalEvent("227", 1715612400100L, 82, 27),
                        new SignalEvent("227", 1715612400100L, 132, 100)));
        all.put(
                Contract.VEHICLE_POSITIONS,
                List.of(new VehiclePosition("v-88231", 1715612400000L, 30.6571, 104.0657, 11.2, 87.0)));
        all.put(
                Contract.BIKE_EVENTS,
                List.of(
                        new BikeEvent("hb-102938", "hellobike", 1715612400000L, BikeEvent.PARK, 30.5467, 104.0621),
                        new BikeEvent("hb-102938", "hellobike", 1715612400000L, BikeEvent.UNPARK, null, null)));
        all.put(
                Contract.BIKE_ZONES,
                List.of(
                        new BikeZone(
                                "z-17",
                                "exit B",
                                List.of(List.of(104.079, 30.654), List.of(104.08, 30.654), List.of(104.08, 30.655)),
                                40,
                                List.of("hellobike")),
                        new BikeZone(
                                "z-18",
                                null,
                                List.of(List.of(104.079, 30.654), List.of(104.08, 30.654), List.of(104.08, 30.655)),
                                0,
                                null)));
        all.put(
                Contract.BIKE_BLACKLIST,
                List.of(
                        new BlacklistEntry("hb-9", "hellobike", "broken", 1715612400000L, true),
                        new BlacklistEntry("hb-9", "hellobike", null, 1715612400001L, false)));
        all.put(
                Contract.FOOD_CAMERA_EVENTS,
                List.of(
                        new CameraEvent("sc-0451", "cam-2", 1715612400000L, CameraEvent.NO_MASK, 0.91, "s3://x"),
                        new CameraEvent("sc-0451", "cam-2", 1715612400000L, CameraEvent.UNATTENDED_FIRE, 1.0, null)));
        all.put(
                Contract.FOOD_SENSOR_READINGS,
                List.of(new SensorReading("sc-0451", "fr-1", SensorReading.FREEZER, 1715612400000L, -18.5)));
        all.put(
                Contract.FOOD_OPERATIONS,
                List.of(
                        new KitchenOperation(
                                "k",
                                1715612400000L,
                                KitchenOperation.MEAL_SERVED,
                                "lunch",
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null),
                        new KitchenOperation(
                                "k",
                                1715612400000L,
                                KitchenOperation.SAMPLE_RETAINED,
                                "lunch",
                                "rice",
                                125.0,
                                null,
                                null,
                                null,
                                null,
                                null),
                        new KitchenOperation(
                                "k",
                                1715612400000L,
                                KitchenOperation.DISINFECTION_DONE,
                                null,
                                null,
                                null,
                                30.0,
                                null,
                                null,
                                null,
                                null),
                        new KitchenOperation(
                                "k",
                                1715612400000L,
                                KitchenOperation.INGREDIENT_RECEIVED,
                                null,
                                null,
                                null,
                                null,
                                "pork",
                                "s1",
                                "T-1",
                                99L),
                        new KitchenOperation(
                                "k",
                                1715612400001L,
                                KitchenOperation.INGREDIENT_USED,
                                null,
                                null,
                                null,
                                null,
                                "pork",
                                null,
                                "T-1",
                                null)));
        all.put(
                Contract.FOOD_KITCHENS,
                List.of(
                        new Kitchen("sc-0451", "canteen", Kitchen.SCHOOL_CANTEEN, "Jinjiang"),
                        new Kitchen("r-1", null, Kitchen.RESTAURANT, null)));
        all.put(
                Contract.SIGNAL_PLAN_ACKS,
                List.of(
                        new PlanAck("p", "227", 1715612400000L, PlanAck.APPLIED, null),
                        new PlanAck("p", "227", 1715612400000L, PlanAck.REJECTED, "manual control")));
        all.put(Contract.NETWORK, List.of(network()));
        all.put(Contract.SIGNAL_MEASURES, measures());
        all.put(Contract.PROBE_MEASURES, probeMeasures());
        all.put(Contract.SIGNAL_TIMING_PLANS, List.of(timingPlan(), minimalTimingPlan()));
        all.put(Contract.BIKE_DISPATCH_TASKS, List.of(dispatchTask(), blacklistTask()));
        all.put(Contract.ALERTS, List.of(alert(), closedAlert()));
        all.put(
                Contract.DLQ,
                List.of(
                        DeadLetter.of(
                                "signal.events",
                                3,
                                12345,
                                1715612400100L,
                                "$.ts: string found, integer expected",
                                Examples.utf8("{\"ts\": \"1\"}")),
                        DeadLetter.of("bike.events", 0, 7, 1715612400100L, "not UTF-8", new byte[] {(byte) 0xff, 0, 1}),
                        DeadLetter.of("bike.events", -1, -1, 0, "not JSON: empty payload", null)));
        return all;
    }

    static Network network() {
        Network.Approach eb = new Network.Approach(
                "227-EB",
                "EB",
                90.0,
                2,
                2,
                30.64995,
                104.0599,
                13.9,
                250.0,
                List.of(
                        new Network.Detector(3, Network.Detector.ADVANCE, 120.0),
                        new Network.Detector(5, Network.Detector.PRESENCE, 0.0)));
        Network.Timing timing = new Network.Timing(
                90,
                0,
                List.of(2, 6),
                List.of(
                        new Network.PhaseTiming(2, 46, 10, 70, 4, 1, 12.0),
                        new Network.PhaseTiming(4, 34, 8, 50, 4, 1, null),
                        new Network.PhaseTiming(6, 46, 10, 70, 4, 1, null)));
        Network.Intersection i = new Network.Intersection("227", null, 30.65, 104.06, List.of(eb), timing);
        Network.Intersection next = new Network.Intersection("452", null, 30.65, 104.0632, List.of(), timing);
        Network.Corridor c = new Network.Corridor(
                "c1",
                null,
                List.of("227", "452"),
                List.of(310.0),
                13.9,
                null,
                150,
                new Network.CorridorDirection("EB", Map.of("227", 2, "452", 2)),
                new Network.CorridorDirection("WB", Map.of("227", 6, "452", 6)));
        return new Network(List.of(i, next), List.of(c));
    }

    private RecordSamples() {}
}
