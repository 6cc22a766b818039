package greenwave.jobs.plan;

import static greenwave.jobs.plan.GreenWavePlannerFixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import greenwave.schemas.Network;
import greenwave.schemas.TimingPlan;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Property tests of the plan safety rules: (a) on random corridors the real planner's plans pass {@link PlanSafety};
 * (b) every single-rule mutation of a safe plan (a corridor's network.json timing) is rejected with that rule's reason.
 *
 * <p>Each case draws everything from a {@link Random} seeded with the case's seed. The first case's seed is the base
 * seed, random per run unless the system property {@value #SEED_PROPERTY} sets it, and each further case's seed follows
 * from the one before; so {@code -Dgreenwave.property.seed=S} repeats the case of seed S first. A failure names the
 * seeds of its first cases; the counts of plans and mutations tried are printed at the end.
 */
class PlanSafetyPropertiesTest {
    static final String SEED_PROPERTY = "greenwave.property.seed";
    private static final long BASE_SEED =
            Long.getLong(SEED_PROPERTY, ThreadLocalRandom.current().nextLong());
    /** The failures a property names in its message, with their seeds (the rest are counted). */
    private static final int FAILURES_SHOWN = 3;
    /** A case draws corridors until one has a safe timing; this many draws without one is a failure. */
    private static final int MAX_CORRIDOR_DRAWS = 1000;

    private static final PlanSafety SAFETY = SETTINGS.safety();
    private static final AtomicInteger PLANNED_CORRIDORS = new AtomicInteger();
    private static final AtomicInteger CHECKED_PLANS = new AtomicInteger();
    private static final AtomicInteger UNFIT_CORRIDORS = new AtomicInteger();
    private static final Map<Mutation, AtomicInteger> MUTATIONS_TRIED = counters();
    private static final Map<Mutation, AtomicInteger> MUTATIONS_REJECTED = counters();

    private static Map<Mutation, AtomicInteger> counters() {
        Map<Mutation, AtomicInteger> counters = new EnumMap<>(Mutation.class);
        for (Mutation m : Mutation.values()) {
            counters.put(m, new AtomicInteger());
        }
        return counters;
    }

    /** A random corridor whose network.json timing is itself safe, with random demand. */
    record Scenario(
            long seed,
            Network.Corridor corridor,
            Map<String, Network.Intersection> intersections,
            CorridorObservations observations) {
        int runningCycleS() {
            return intersections.values().iterator().next().timing().cycleS();
        }

        /** The planner's plan, as the job calls it (the running cycle bounds the step). */
        CorridorPlan plan() {
            return new GreenWavePlanner(SETTINGS).plan(corridor, intersections, observations, runningCycleS());
        }

        /** The network.json timing as a plan (safe by construction). */
        CorridorPlan running() {
            return new GreenWavePlanner(SETTINGS).runningPlan(corridor, intersections);
        }

        TimingPlan timingPlan(CorridorPlan plan, String device) {
            CorridorPlan.DevicePlan d = plan.devices().get(device);
            return new TimingPlan(
                    PlanIds.planId(corridor.corridorId(), 0, device),
                    corridor.corridorId(),
                    device,
                    0,
                    60_000,
                    3_660_000,
                    plan.cycleS(),
                    d.offsetS(),
                    d.coordinatedPhases(),
                    d.phases(),
                    plan.reason(),
                    null,
                    new TimingPlan.Prediction(1.0, 2.0, 3.0));
        }
    }

    @BeforeAll
    static void printSeed() {
        System.out.printf(
                "plan safety properties: seed %d (repeat with -D%s=%d)%n", BASE_SEED, SEED_PROPERTY, BASE_SEED);
    }

    @Test
    void everyPlanThePlannerMakesIsSafe() {
        forAll("every plan the planner makes is safe", 100, 0x9e3779b97f4a7c15L, random -> {
            Scenario s = drawScenario(random);
            PLANNED_CORRIDORS.incrementAndGet();
            CorridorPlan plan = s.plan();
            for (String device : s.corridor().devices()) {
                CHECKED_PLANS.incrementAndGet();
                assertThat(SAFETY.violations(
                                s.timingPlan(plan, device),
                                s.intersections().get(device),
                                s.corridor(),
                                s.runningCycleS()))
                        .as("corridor %s, device %s", s.corridor().corridorId(), device)
                        .isEmpty();
            }
            return null;
        });
    }

    @Test
    void everySingleRuleMutationIsRejectedWithItsReason() {
        forAll("every single-rule mutation is rejected with its reason", 1000, 0xd1b54a32d192ed03L, random -> {
            Scenario s = drawScenario(random);
            Mutation mutation = Mutation.values()[random.nextInt(Mutation.values().length)];
            String device = s.corridor()
                    .devices()
                    .get(random.nextInt(s.corridor().devices().size()));
            TimingPlan valid = s.timingPlan(s.running(), device);
            Network.Intersection intersection = s.intersections().get(device);
            if (!SAFETY.violations(valid, intersection, s.corridor(), s.runningCycleS())
                    .isEmpty()) {
                return "the running plan is not safe";
            }
            Mutated mutated = mutation.apply(valid, intersection, s.corridor(), random);
            if (mutated == null) {
                return "the mutation does not apply"; // e.g. a barrier mutation of a single-ring intersection
            }
            MUTATIONS_TRIED.get(mutation).incrementAndGet();
            List<String> found =
                    SAFETY.violations(mutated.plan(), mutated.intersection(), s.corridor(), mutated.previousCycleS());
            assertThat(found)
                    .as("corridor %s, %s of device %s", s.corridor().corridorId(), mutation, device)
                    .anyMatch(mutation.reason);
            if (mutation == Mutation.BARRIER_CROSSED_APART) {
                assertThat(found)
                        .as("corridor %s, %s of device %s", s.corridor().corridorId(), mutation, device)
                        .noneMatch(v -> v.startsWith("ring "));
            }
            MUTATIONS_REJECTED.get(mutation).incrementAndGet();
            return null;
        });
    }

    @AfterAll
    static void report() {
        int tried =
                MUTATIONS_TRIED.values().stream().mapToInt(AtomicInteger::get).sum();
        int rejected = MUTATIONS_REJECTED.values().stream()
                .mapToInt(AtomicInteger::get)
                .sum();
        Map<Mutation, String> perKind = new EnumMap<>(Mutation.class);
        MUTATIONS_TRIED.forEach(
                (m, n) -> perKind.put(m, MUTATIONS_REJECTED.get(m).get() + "/" + n.get()));
        System.out.printf(
                "plan safety properties: %d corridors planned, %d device plans checked (%d corridors drawn "
                        + "without a safe timing, drawn again); %d mutations tried, %d rejected with their reason "
                        + "(rejected/tried per kind): %s%n",
                PLANNED_CORRIDORS.get(), CHECKED_PLANS.get(), UNFIT_CORRIDORS.get(), tried, rejected, perKind);
    }

    // ------------------------------------------------------------------------------------------------------- running

    /** One case of a property: its checks on what it draws from {@code random}; null, or why the case does not apply. */
    @FunctionalInterface
    interface Case {
        String check(Random random);
    }

    /**
     * Runs {@code cases} cases of a property, the first from the base seed and each next seed from the one before
     * ({@code gamma} keeps the properties' seeds apart), and fails once if any case failed, naming the seeds of the
     * first. Cases that do not apply are skipped and counted.
     */
    private static void forAll(String property, int cases, long gamma, Case check) {
        long start = System.nanoTime();
        Map<String, Integer> skipped = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int failed = 0;
        long seed = BASE_SEED;
        for (int i = 0; i < cases; i++, seed = nextSeed(seed, gamma)) {
            try {
                String skip = check.check(new Random(seed));
                if (skip != null) {
                    skipped.merge(skip, 1, Integer::sum);
                }
            } catch (AssertionError | RuntimeException e) {
                if (failed++ < FAILURES_SHOWN) {
                    failures.add(String.format(
                            "case %d, seed %d (repeat with -D%s=%d): %s", i, seed, SEED_PROPERTY, seed, e));
                }
            }
        }
        int skips = skipped.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf(
                "plan safety properties: %s: %d cases from seed %d in %d ms, %d skipped %s, %d failed%n",
                property, cases, BASE_SEED, (System.nanoTime() - start) / 1_000_000, skips, skipped, failed);
        if (failed > 0) {
            fail(String.format(
                    "%s: %d of %d cases failed (base seed %d); the first %d:%n%s",
                    property,
                    failed,
                    cases,
                    BASE_SEED,
                    failures.size(),
                    String.join(System.lineSeparator(), failures)));
        }
    }

    /** The seed after {@code seed}: SplitMix64's step and mix. */
    static long nextSeed(long seed, long gamma) {
        long z = seed + gamma;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A corridor with a safe network.json timing: corridors drawn without one are counted and drawn again. */
    private static Scenario drawScenario(Random random) {
        for (int draw = 0; draw < MAX_CORRIDOR_DRAWS; draw++) {
            Scenario s = scenario(random.nextLong());
            if (s != null) {
                return s;
            }
            UNFIT_CORRIDORS.incrementAndGet();
        }
        throw new IllegalStateException("no corridor with a safe timing in " + MAX_CORRIDOR_DRAWS + " draws");
    }

    /** A mutated plan with the network.json timing and running cycle to check it against. */
    record Mutated(TimingPlan plan, Network.Intersection intersection, Integer previousCycleS) {}

    enum Mutation {
        GREEN_BELOW_MIN(v -> v.contains(" green ") && v.contains(" outside [")),
        GREEN_ABOVE_MAX(v -> v.contains(" green ") && v.contains(" outside [")),
        GREEN_BELOW_PED_CLEARANCE(v -> v.contains("below its pedestrian clearance")),
        YELLOW_CHANGED(v -> v.contains(" yellow ") && v.contains("differs from the configured")),
        YELLOW_BELOW_FLOOR(v -> v.contains(" yellow ") && v.contains("below the floor 3.0 s")),
        RED_CHANGED(v -> v.contains(" red clearance ") && v.contains("differs from the configured")),
        RED_BELOW_FLOOR(v -> v.contains(" red clearance ") && v.contains("below the floor 0.0 s")),
        NOT_FINITE(v -> v.startsWith("not finite: ")),
        DUPLICATED_PHASE(v -> v.endsWith(" is listed twice")),
        MISSING_PHASE(v -> v.endsWith(" is missing")),
        UNKNOWN_PHASE(v -> v.contains(" is not a phase of device ")),
        RING_SUM_OFF(v -> v.startsWith("ring ") && v.contains(", not the cycle ")),
        BARRIER_CROSSED_APART(v -> v.startsWith("rings cross the barrier at different times")),
        CYCLE_OUT_OF_BOUNDS(v -> v.contains("outside the corridor's")),
        CYCLE_STEP_TOO_BIG(v -> v.contains(" moves more than ")),
        OFFSET_OUT_OF_RANGE(v -> v.startsWith("offset ")),
        COORDINATED_PHASES_CHANGED(v -> v.startsWith("coordinated phases "));

        final Predicate<String> reason;

        Mutation(Predicate<String> reason) {
            this.reason = reason;
        }

        Mutated apply(TimingPlan p, Network.Intersection intersection, Network.Corridor corridor, Random random) {
            List<TimingPlan.PhaseSplit> phases = new ArrayList<>(p.phases());
            int i = random.nextInt(phases.size());
            TimingPlan.PhaseSplit s = phases.get(i);
            Network.PhaseTiming c = configured(intersection, s.phase());
            int cycle = p.cycleS();
            double delta = 0.5 + random.nextInt(10);
            switch (this) {
                case GREEN_BELOW_MIN -> phases.set(i, green(s, Math.max(0, c.minGreenS() - delta)));
                case GREEN_ABOVE_MAX -> phases.set(i, green(s, c.maxGreenS() + delta));
                case GREEN_BELOW_PED_CLEARANCE -> {
                    TimingPlan.PhaseSplit withPed = phases.stream()
                            .filter(x -> configured(intersection, x.phase()).pedClearS() != null)
                            .findFirst()
                            .orElse(null);
                    if (withPed == null) {
                        return null;
                    }
                    double ped = configured(intersection, withPed.phase()).pedClearS();
                    phases.set(phases.indexOf(withPed), green(withPed, Math.max(0, ped - delta)));
                }
                case YELLOW_CHANGED ->
                    phases.set(
                            i,
                            new TimingPlan.PhaseSplit(
                                    s.phase(),
                                    s.greenS(),
                                    s.yellowS() + (random.nextBoolean() ? delta : -Math.min(delta, s.yellowS())),
                                    s.redClearS()));
                case YELLOW_BELOW_FLOOR -> {
                    // as network.json says: only the floor is broken
                    double yellow = random.nextInt(30) / 10.0;
                    phases.set(i, new TimingPlan.PhaseSplit(s.phase(), s.greenS(), yellow, s.redClearS()));
                    return new Mutated(
                            with(p, phases), withClearances(intersection, s.phase(), yellow, c.redClearS()), cycle);
                }
                case RED_CHANGED ->
                    phases.set(i, new TimingPlan.PhaseSplit(s.phase(), s.greenS(), s.yellowS(), s.redClearS() + delta));
                case RED_BELOW_FLOOR -> {
                    double red = -delta;
                    phases.set(i, new TimingPlan.PhaseSplit(s.phase(), s.greenS(), s.yellowS(), red));
                    return new Mutated(
                            with(p, phases), withClearances(intersection, s.phase(), c.yellowS(), red), cycle);
                }
                case NOT_FINITE -> {
                    double bad = List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)
                            .get(random.nextInt(3));
                    switch (random.nextInt(4)) {
                        case 0 -> phases.set(i, green(s, bad));
                        case 1 -> phases.set(i, new TimingPlan.PhaseSplit(s.phase(), s.greenS(), bad, s.redClearS()));
                        case 2 -> phases.set(i, new TimingPlan.PhaseSplit(s.phase(), s.greenS(), s.yellowS(), bad));
                        default -> {
                            return new Mutated(
                                    new TimingPlan(
                                            p.planId(),
                                            p.corridorId(),
                                            p.deviceId(),
                                            p.issuedAt(),
                                            p.effectiveAt(),
                                            p.expiresAt(),
                                            cycle,
                                            p.offsetS(),
                                            p.coordinatedPhases(),
                                            phases,
                                            p.reason(),
                                            p.supersedes(),
                                            new TimingPlan.Prediction(1.0, bad, 3.0)),
                                    intersection,
                                    cycle);
                        }
                    }
                }
                case DUPLICATED_PHASE -> phases.add(random.nextInt(phases.size() + 1), s);
                case MISSING_PHASE -> phases.remove(i);
                case UNKNOWN_PHASE -> {
                    List<Integer> unknown = new ArrayList<>();
                    for (int phase = 1; phase <= 16; phase++) {
                        if (configured(intersection, phase) == null) {
                            unknown.add(phase);
                        }
                    }
                    phases.add(new TimingPlan.PhaseSplit(unknown.get(random.nextInt(unknown.size())), 10, 4, 1));
                }
                case RING_SUM_OFF -> phases.set(i, green(s, s.greenS() + (random.nextBoolean() ? delta : -delta)));
                case BARRIER_CROSSED_APART -> {
                    // within ring 1, move time from its first barrier group to its second: the ring sum stays
                    int from = indexOf(
                            phases,
                            x -> SplitWindows.ring(x.phase()) == 1 && SplitWindows.barrierGroup(x.phase()) == 0);
                    int to = indexOf(
                            phases,
                            x -> SplitWindows.ring(x.phase()) == 1 && SplitWindows.barrierGroup(x.phase()) == 1);
                    if (from < 0 || to < 0 || phases.stream().noneMatch(x -> SplitWindows.ring(x.phase()) == 2)) {
                        return null;
                    }
                    double moved = 1 + random.nextInt(5);
                    phases.set(from, green(phases.get(from), phases.get(from).greenS() - moved));
                    phases.set(to, green(phases.get(to), phases.get(to).greenS() + moved));
                }
                case CYCLE_OUT_OF_BOUNDS -> {
                    int outside = random.nextBoolean()
                            ? corridor.maxCycleOrDefault() + (int) delta + 1
                            : corridor.minCycleOrDefault() - (int) delta - 1;
                    return new Mutated(withCycle(p, outside), intersection, null);
                }
                case CYCLE_STEP_TOO_BIG -> {
                    int step = SETTINGS.maxCycleStepS() + 1 + random.nextInt(20);
                    return new Mutated(p, intersection, random.nextBoolean() ? cycle - step : cycle + step);
                }
                case OFFSET_OUT_OF_RANGE -> {
                    int offset = random.nextBoolean() ? -1 - random.nextInt(cycle) : cycle + random.nextInt(cycle);
                    return new Mutated(
                            new TimingPlan(
                                    p.planId(),
                                    p.corridorId(),
                                    p.deviceId(),
                                    p.issuedAt(),
                                    p.effectiveAt(),
                                    p.expiresAt(),
                                    cycle,
                                    offset,
                                    p.coordinatedPhases(),
                                    phases,
                                    p.reason(),
                                    p.supersedes(),
                                    p.predicted()),
                            intersection,
                            cycle);
                }
                case COORDINATED_PHASES_CHANGED -> {
                    List<Integer> other = new ArrayList<>(p.coordinatedPhases());
                    if (other.size() > 1 && random.nextBoolean()) {
                        other.add(other.remove(0));
                    } else {
                        other.set(0, s.phase() == other.get(0) ? 16 : s.phase());
                    }
                    return new Mutated(
                            new TimingPlan(
                                    p.planId(),
                                    p.corridorId(),
                                    p.deviceId(),
                                    p.issuedAt(),
                                    p.effectiveAt(),
                                    p.expiresAt(),
                                    cycle,
                                    p.offsetS(),
                                    other,
                                    phases,
                                    p.reason(),
                                    p.supersedes(),
                                    p.predicted()),
                            intersection,
                            cycle);
                }
            }
            return new Mutated(with(p, phases), intersection, cycle);
        }
    }

    private static Network.PhaseTiming configured(Network.Intersection intersection, int phase) {
        return intersection.timing().phases().stream()
                .filter(c -> c.phase() == phase)
                .findFirst()
                .orElse(null);
    }

    private static int indexOf(List<TimingPlan.PhaseSplit> phases, Predicate<TimingPlan.PhaseSplit> which) {
        for (int i = 0; i < phases.size(); i++) {
            if (which.test(phases.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static TimingPlan.PhaseSplit green(TimingPlan.PhaseSplit s, double green) {
        return new TimingPlan.PhaseSplit(s.phase(), green, s.yellowS(), s.redClearS());
    }

    private static TimingPlan with(TimingPlan p, List<TimingPlan.PhaseSplit> phases) {
        return new TimingPlan(
                p.planId(),
                p.corridorId(),
                p.deviceId(),
                p.issuedAt(),
                p.effectiveAt(),
                p.expiresAt(),
                p.cycleS(),
                p.offsetS(),
                p.coordinatedPhases(),
                phases,
                p.reason(),
                p.supersedes(),
                p.predicted());
    }

    private static TimingPlan withCycle(TimingPlan p, int cycle) {
        return new TimingPlan(
                p.planId(),
                p.corridorId(),
                p.deviceId(),
                p.issuedAt(),
                p.effectiveAt(),
                p.expiresAt(),
                cycle,
                Math.min(p.offsetS(), Math.max(0, cycle - 1)),
                p.coordinatedPhases(),
                p.phases(),
                p.reason(),
                p.supersedes(),
                p.predicted());
    }

    private static Network.Intersection withClearances(Network.Intersection i, int phase, double yellow, double red) {
        Network.Timing t = i.timing();
        List<Network.PhaseTiming> phases = t.phases().stream()
                .map(c -> c.phase() != phase
                        ? c
                        : new Network.PhaseTiming(
                                c.phase(), c.greenS(), c.minGreenS(), c.maxGreenS(), yellow, red, c.pedClearS()))
                .toList();
        return new Network.Intersection(
                i.deviceId(),
                i.name(),
                i.lat(),
                i.lon(),
                i.approaches(),
                new Network.Timing(t.cycleS(), t.offsetS(), t.coordinatedPhases(), phases));
    }

    // ---------------------------------------------------------------------------------------------------- generation

    /**
     * A corridor of 2..6 devices, each two-phase (ring 1 only: 2 main street, 4 side street) or four-phase (2/6 and
     * 4/8), with random bounds, clearances, lanes, link lengths, design speed, cycle bounds and demand; its
     * network.json timing is the allocator's split of a common cycle the bounds allow. Null when no common cycle fits
     * or that timing is not safe (the case draws again).
     */
    static Scenario scenario(long seed) {
        Random r = new Random(seed);
        int n = 2 + r.nextInt(5);
        int minCycle = 40 + r.nextInt(41);
        int maxCycle = minCycle + 20 + r.nextInt(101);
        List<String> devices = new ArrayList<>();
        List<Network.Timing> draft = new ArrayList<>();
        double lo = minCycle;
        double hi = maxCycle;
        for (int d = 0; d < n; d++) {
            devices.add("d" + d);
            boolean dualRing = r.nextBoolean();
            List<Network.PhaseTiming> phases = new ArrayList<>();
            for (int phase : dualRing ? List.of(2, 4, 6, 8) : List.of(2, 4)) {
                double min = 5 + r.nextInt(11);
                double max = min + 10 + r.nextInt(51);
                Double ped = r.nextInt(3) == 0 ? null : (double) Math.round(min / 2 + r.nextDouble() * (max - min / 2));
                phases.add(
                        new Network.PhaseTiming(phase, min, min, max, 3 + r.nextInt(5) * 0.5, r.nextInt(6) * 0.5, ped));
            }
            Network.Timing timing = new Network.Timing(0, 0, dualRing ? List.of(2, 6) : List.of(2), phases);
            double[] feasible = SplitAllocator.feasibleCycle(timing);
            lo = Math.max(lo, Math.ceil(feasible[0]));
            hi = Math.min(hi, Math.floor(feasible[1]));
            draft.add(timing);
        }
        if (lo > hi) {
            return null;
        }
        int cycle = (int) (lo + r.nextInt((int) (hi - lo) + 1));
        Map<String, Network.Intersection> intersections = new LinkedHashMap<>();
        Map<String, Integer> outbound = new LinkedHashMap<>();
        Map<String, Integer> inbound = new LinkedHashMap<>();
        Map<String, Map<Integer, Double>> volumes = new LinkedHashMap<>();
        for (int d = 0; d < n; d++) {
            String id = devices.get(d);
            Network.Timing t = draft.get(d);
            List<TimingPlan.PhaseSplit> splits = SplitAllocator.allocate(t, Map.of(), cycle);
            List<Network.PhaseTiming> phases = new ArrayList<>();
            List<Network.Approach> approaches = new ArrayList<>();
            Map<Integer, Double> demand = new LinkedHashMap<>();
            for (Network.PhaseTiming p : t.phases()) {
                double green = splits.stream()
                        .filter(s -> s.phase() == p.phase())
                        .findFirst()
                        .orElseThrow()
                        .greenS();
                phases.add(new Network.PhaseTiming(
                        p.phase(), green, p.minGreenS(), p.maxGreenS(), p.yellowS(), p.redClearS(), p.pedClearS()));
                approaches.add(GreenWavePlannerFixtures.approach(
                        id + "-" + p.phase(), "P" + p.phase(), p.phase(), 1 + r.nextInt(3)));
                demand.put(p.phase(), r.nextInt(4) == 0 ? 0.0 : r.nextDouble() * 1500);
            }
            boolean dualRing = t.phases().size() == 4;
            intersections.put(
                    id,
                    new Network.Intersection(
                            id,
                            id,
                            0,
                            0,
                            approaches,
                            new Network.Timing(cycle, r.nextInt(cycle), t.coordinatedPhases(), phases)));
            outbound.put(id, 2);
            inbound.put(id, dualRing ? 6 : 2);
            volumes.put(id, demand);
        }
        List<Double> links = new ArrayList<>();
        for (int d = 1; d < n; d++) {
            links.add(100.0 + r.nextInt(700));
        }
        Network.Corridor corridor = new Network.Corridor(
                "c" + seed,
                null,
                devices,
                links,
                8 + r.nextDouble() * 12,
                minCycle,
                maxCycle,
                new Network.CorridorDirection("EB", outbound),
                new Network.CorridorDirection("WB", inbound));
        Scenario scenario = new Scenario(
                seed, corridor, intersections, GreenWavePlannerFixtures.volumes(corridor.corridorId(), volumes));
        CorridorPlan running = scenario.running();
        for (String device : devices) {
            if (!SAFETY.violations(scenario.timingPlan(running, device), intersections.get(device), corridor, null)
                    .isEmpty()) {
                return null; // the bounds leave one barrier group no time that both rings can share
            }
        }
        return scenario;
    }
}
