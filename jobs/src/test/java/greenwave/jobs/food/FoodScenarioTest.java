package greenwave.jobs.food;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole job on a generated scenario: every planted case found once, near misses silent, deterministic. */
class FoodScenarioTest {
    @RegisterExtension
    static final org.apache.flink.test.junit5.MiniClusterExtension FLINK = FoodJobTest.FLINK;

    static List<FoodViolation> sorted(List<FoodViolation> v) {
        return v.stream()
                .sorted(Comparator.comparing(FoodViolation::violationId)
                        .thenComparingLong(FoodViolation::ts)
                        .thenComparing(FoodViolation::record))
                .toList();
    }

    static FoodJobTest.Run run(FoodScenario.Input s, int parallelism) throws Exception {
        FoodJobTest.Input in = new FoodJobTest.Input();
        in.camera.addAll(s.camera());
        in.readings.addAll(s.readings());
        in.operations.addAll(s.operations());
        return FoodJobTest.run(in, parallelism, s.kitchens());
    }

    @Test
    void everyPlantedCaseIsFoundOnceAndTwoRunsGiveTheSameViolations() throws Exception {
        FoodScenario.Input scenario = FoodScenario.generate(40, 240, 7);
        assertThat(FoodScenario.generate(40, 240, 7)).isEqualTo(scenario);

        FoodJobTest.Run first = run(scenario, 2);
        FoodJobTest.Run second = run(scenario, 1);

        assertThat(sorted(second.violations())).isEqualTo(sorted(first.violations()));
        Map<String, Long> perRule = first.violations().stream()
                .map(v -> v.rule() + " " + v.violationId())
                .distinct()
                .collect(Collectors.groupingBy(s -> s.substring(0, s.indexOf(' ')), Collectors.counting()));
        assertThat(perRule)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        FoodRules.COLD_CHAIN, 8L,
                        FoodRules.HOT_HOLDING, 4L,
                        FoodRules.SENSOR_OFFLINE, 4L,
                        FoodRules.HYGIENE, 6L,
                        FoodRules.HAZARD, 4L,
                        FoodRules.DISINFECTION, 5L,
                        FoodRules.SAMPLE_RETENTION, 4L,
                        FoodRules.EXPIRED_INGREDIENT, 3L,
                        FoodRules.TRACEABILITY_GAP, 3L));
        // the critical cold-chain excursions (20 °C for 70 minutes) escalate once each
        assertThat(first.violations())
                .filteredOn(v -> v.record().equals(FoodViolation.SEVERITY))
                .hasSize(4);
        assertThat(first.deadLetters()).hasSameSizeAs(second.deadLetters()).isNotEmpty();
        assertThat(first.late()).isEmpty();
        assertThat(first.alerts()).hasSameSizeAs(first.violations());
    }
}
