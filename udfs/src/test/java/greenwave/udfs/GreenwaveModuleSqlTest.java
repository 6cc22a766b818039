package greenwave.udfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every function through Flink SQL, as an engineer would call it: a batch TableEnvironment, {@code LOAD MODULE
 * greenwave} (found through the factory's service file), queries over VALUES. Proves the module and factory wiring and
 * each function's type inference (argument and result types, overloads, NULLs); the formulas' numbers are checked in
 * the unit tests, and again here on a few values.
 */
class GreenwaveModuleSqlTest {
    private static TableEnvironment sql;

    @BeforeAll
    static void loadModule() {
        sql = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        sql.getConfig().setLocalTimeZone(ZoneOffset.UTC);
        sql.getConfig().set("parallelism.default", "1"); // a few rows: one task each is faster
        sql.executeSql("LOAD MODULE greenwave");
    }

    private static List<Row> rows(String query) {
        TableResult result = sql.executeSql(query);
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(rows::add);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private static Row one(String query) {
        List<Row> rows = rows(query);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void moduleListsEveryFunction() {
        assertThat(List.of(sql.listModules())).containsExactly("core", "greenwave");
        assertThat(new GreenwaveModule().listFunctions())
                .containsExactlyInAnyOrder(
                        "geo_distance_m",
                        "geo_bearing_deg",
                        "in_polygon",
                        "webster_cycle_s",
                        "hcm_uniform_delay_s",
                        "degree_of_saturation",
                        "level_of_service",
                        "time_bucket",
                        "day_period",
                        "contract_error",
                        "contract_valid",
                        "contract_key");
        assertThat(sql.listFunctions()).contains("geo_distance_m", "contract_key");
    }

    @Test
    void geo() {
        List<Row> rows = rows("""
                SELECT id, GEO_DISTANCE_M(lat1, lon1, lat2, lon2), geo_bearing_deg(lat1, lon1, lat2, lon2)
                FROM (VALUES
                  (1, 40.6, -73.8, 51.6, -0.5),
                  (2, 0.0, 1.0, 0.0, 0.0),
                  (3, 95.0, 0.0, 0.0, 0.0),
                  (4, CAST(NULL AS DOUBLE), 0.0, 0.0, 0.0)
                ) AS t(id, lat1, lon1, lat2, lon2)
                ORDER BY id""");
        assertThat((Double) rows.get(0).getField(1)).isCloseTo(5551759.400, within(1e-3)); // JFK-LHR, GeodSolve
        assertThat((Double) rows.get(0).getField(2)).isCloseTo(51.198882845, within(1e-9));
        assertThat((Double) rows.get(1).getField(1)).isCloseTo(111319.491, within(1e-3)); // 1° on the equator
        assertThat((Double) rows.get(1).getField(2)).isCloseTo(270.0, within(1e-12));
        assertThat(rows.get(2).getField(1)).isNull();
        assertThat(rows.get(2).getField(2)).isNull();
        assertThat(rows.get(3).getField(1)).isNull();
        assertThat(rows.get(3).getField(2)).isNull();
    }

    @Test
    void inPolygon() {
        List<Row> rows = rows("""
                SELECT id, IN_POLYGON(lat, lon, zone)
                FROM (VALUES
                  (1, 30.005, 104.005, '[[104.00, 30.00], [104.01, 30.00], [104.01, 30.01], [104.00, 30.01]]'),
                  (2, 30.020, 104.005, '[[104.00, 30.00], [104.01, 30.00], [104.01, 30.01], [104.00, 30.01]]'),
                  (3, 30.000, 104.005, '[[104.00, 30.00], [104.01, 30.00], [104.01, 30.01], [104.00, 30.01]]'),
                  (4, 30.005, 104.005, 'POLYGON((104 30, 104.01 30, 104.01 30.01, 104 30.01, 104 30))'),
                  (5, 30.005, 104.005, 'POLYGON((104 30, 104.01 30))'),
                  (6, 30.005, 104.005, CAST(NULL AS STRING))
                ) AS t(id, lat, lon, zone)
                ORDER BY id""");
        assertThat(rows).extracting(r -> r.getField(1)).containsExactly(true, false, true, true, null, null);
    }

    @Test
    void trafficEngineering() {
        Row r = one("""
                SELECT WEBSTER_CYCLE_S(12, 0.6), WEBSTER_CYCLE_S(12, 1.0),
                       HCM_UNIFORM_DELAY_S(90, 40, 0.8), HCM_UNIFORM_DELAY_S(90, 100, 0.8),
                       DEGREE_OF_SATURATION(450, 1800, 30, 90), DEGREE_OF_SATURATION(450, 1800, 0, 90),
                       LEVEL_OF_SERVICE(10.0), LEVEL_OF_SERVICE(CAST(80.5 AS DOUBLE)), LEVEL_OF_SERVICE(12, 1.01),
                       LEVEL_OF_SERVICE(12, 0.95), LEVEL_OF_SERVICE(CAST(NULL AS DOUBLE)), LEVEL_OF_SERVICE(-1)""");
        assertThat((Double) r.getField(0)).isCloseTo(57.5, within(1e-12));
        assertThat(r.getField(1)).isNull();
        assertThat((Double) r.getField(2)).isCloseTo(625.0 / 29, within(1e-12));
        assertThat(r.getField(3)).isNull(); // green longer than the cycle
        assertThat((Double) r.getField(4)).isCloseTo(0.75, within(1e-12));
        assertThat(r.getField(5)).isNull();
        assertThat(List.of(r.getField(6), r.getField(7), r.getField(8), r.getField(9)))
                .containsExactly("A", "F", "F", "B");
        assertThat(r.getField(10)).isNull();
        assertThat(r.getField(11)).isNull();
    }

    @Test
    void trafficEngineeringOverColumns() {
        List<Row> rows = rows("""
                SELECT phase, LEVEL_OF_SERVICE(HCM_UNIFORM_DELAY_S(c, g, DEGREE_OF_SATURATION(v, s, g, c)),
                                               DEGREE_OF_SATURATION(v, s, g, c))
                FROM (VALUES (2, 90.0, 40.0, 1800.0, 640.0), (4, 90.0, 20.0, 1800.0, 500.0)) AS t(phase, c, g, s, v)
                ORDER BY phase""");
        // phase 2: X = 640 / 800 = 0.8, d1 = 21.6 s → C; phase 4: X = 500 / 400 = 1.25 → F whatever the delay
        assertThat(rows).extracting(r -> r.getField(1)).containsExactly("C", "F");
    }

    @Test
    void timeBuckets() {
        Row r = one("""
                SELECT TIME_BUCKET(CAST(1715612862123 AS BIGINT), 900), TIME_BUCKET(CAST(-1 AS BIGINT), 900),
                       TIME_BUCKET(TO_TIMESTAMP_LTZ(1715612862123, 3), 900),
                       TIME_BUCKET(TIMESTAMP '2024-05-13 15:07:42.123', 3600),
                       TIME_BUCKET(CAST(1000 AS BIGINT), 0),
                       DAY_PERIOD(CAST(1715583600000 AS BIGINT), 'Europe/Berlin'),
                       DAY_PERIOD(TO_TIMESTAMP_LTZ(1715583600000, 3), 'Asia/Shanghai'),
                       DAY_PERIOD(CAST(1715583600000 AS BIGINT), 'Nowhere/Atlantis')""");
        // 1715612862123 = 2024-05-13T15:07:42.123Z; 1715583600000 = 2024-05-13T07:00:00Z
        assertThat(r.getField(0)).isEqualTo(1715612400000L);
        assertThat(r.getField(1)).isEqualTo(-900000L);
        assertThat(r.getField(2)).isEqualTo(Instant.parse("2024-05-13T15:00:00Z"));
        assertThat(r.getField(3)).isEqualTo(LocalDateTime.parse("2024-05-13T15:00:00"));
        assertThat(r.getField(4)).isNull();
        assertThat(r.getField(5)).isEqualTo("midday"); // 09:00 in Berlin (UTC+2)
        assertThat(r.getField(6)).isEqualTo("pm_peak"); // 15:00 in Shanghai
        assertThat(r.getField(7)).isNull();
    }

    @Test
    void timeBucketKeepsTheTimestampTypes() {
        Table query = sql.sqlQuery("""
                SELECT TIME_BUCKET(ts, 900) AS b, TIME_BUCKET(t_ltz, 900) AS b_ltz, TIME_BUCKET(t, 900) AS b_ts,
                       DAY_PERIOD(t_ltz, 'UTC') AS p
                FROM (VALUES (CAST(1 AS BIGINT), TO_TIMESTAMP_LTZ(1, 3), TIMESTAMP '2024-05-13 15:07:42.123'))
                  AS v(ts, t_ltz, t)""");
        assertThat(query.getResolvedSchema().getColumnDataTypes())
                .extracting(Object::toString)
                .containsExactly("BIGINT", "TIMESTAMP_LTZ(3)", "TIMESTAMP(3)", "STRING");
    }

    @Test
    void contract() {
        List<Row> rows = rows("""
                SELECT id, CONTRACT_VALID('signal.events', json), CONTRACT_ERROR('signal.events', json),
                       CONTRACT_KEY('signal.events', json)
                FROM (VALUES
                  (1, '{"device_id": "227", "ts": 1715612400100, "code": 82, "param": 27}'),
                  (2, '{"device_id": "227", "ts": "1715612400100", "code": 82, "param": 27}'),
                  (3, 'garbage'),
                  (4, CAST(NULL AS STRING))
                ) AS t(id, json)
                ORDER BY id""");
        assertThat(rows.get(0).getField(1)).isEqualTo(true);
        assertThat(rows.get(0).getField(2)).isNull();
        assertThat(rows.get(0).getField(3)).isEqualTo("227");
        assertThat(rows.get(1).getField(1)).isEqualTo(false);
        assertThat(rows.get(1).getField(2)).isEqualTo("$.ts: string found, integer expected");
        assertThat(rows.get(1).getField(3)).isNull();
        assertThat(rows.get(2).getField(1)).isEqualTo(false);
        assertThat((String) rows.get(2).getField(2)).startsWith("not JSON: ");
        assertThat(rows.get(3).getField(1)).isNull();
        assertThat(rows.get(3).getField(2)).isNull();
    }

    @Test
    void contractTopicComputedPerRowThatNamesNoContractIsNull() {
        List<Row> rows = rows("""
                SELECT topic, CONTRACT_VALID(topic, json), CONTRACT_KEY(topic, json)
                FROM (VALUES
                  ('bike.zones', '{"zone_id": "z-7", "polygon": [[104, 30], [104.1, 30], [104.1, 30.1]], "capacity": 4}'),
                  ('no.such.topic', '{}')
                ) AS t(topic, json)
                ORDER BY topic""");
        assertThat(rows.get(0).getFieldAs(0).toString()).isEqualTo("bike.zones");
        assertThat(rows.get(0).getField(1)).isEqualTo(true);
        assertThat(rows.get(0).getField(2)).isEqualTo("z-7");
        assertThat(rows.get(1).getField(1)).isNull();
        assertThat(rows.get(1).getField(2)).isNull();
    }

    @Test
    void literalTopicThatNamesNoContractFailsWhenPlanned() {
        for (String function : new String[] {"CONTRACT_VALID", "CONTRACT_ERROR", "CONTRACT_KEY"}) {
            assertThatThrownBy(() -> sql.executeSql(
                            "SELECT " + function + "('signal.event', json) " + "FROM (VALUES ('{}')) AS t(json)"))
                    .as(function)
                    .hasStackTraceContaining("no contract topic named 'signal.event'");
        }
    }

    @Test
    void namesAreCaseInsensitiveAndTheModuleTakesNoOptions() {
        assertThat(one("SELECT Level_Of_Service(5.0)").getField(0)).isEqualTo("A");
        TableEnvironment other = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        assertThatThrownBy(() -> other.executeSql("LOAD MODULE greenwave WITH ('x' = 'y')"))
                .hasStackTraceContaining("x");
    }
}
