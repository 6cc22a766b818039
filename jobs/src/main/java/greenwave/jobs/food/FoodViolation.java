package greenwave.jobs.food;

import com.fasterxml.jackson.databind.ObjectMapper;
import greenwave.schemas.Alert;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One record of a violation (table {@code food.violations}, and an alert): rules with a duration write an
 * {@code open}, a {@code severity} change and a {@code close} record under one id, the others one {@code event}
 * record.
 *
 * @param violationId deterministic: rule, kitchen, device (or type / trace code), opening time
 * @param record      {@link #OPEN}, {@link #SEVERITY}, {@link #CLOSE} or {@link #EVENT}
 * @param ts          this record's time, epoch ms
 * @param rule        {@link FoodRules} rule name
 * @param kitchenId   kitchen
 * @param deviceId    sensor (sensor rules), else null
 * @param severity    info, warning or critical (after this record)
 * @param openedAt    when the violation opened, epoch ms
 * @param closedAt    when it closed (close records), else null
 * @param evidence    the events that matched, as a JSON array of contract records (snapshots included)
 */
public record FoodViolation(
        String violationId,
        String record,
        long ts,
        String rule,
        String kitchenId,
        String deviceId,
        String severity,
        long openedAt,
        Long closedAt,
        String evidence) {
    public static final String OPEN = "open";
    public static final String SEVERITY = "severity";
    public static final String CLOSE = "close";
    public static final String EVENT = "event";
    /** The evidence of a close no reading made: the sensor went silent ({@code food.silent_sensor_close_s}). */
    public static final String NO_EVIDENCE = "[]";
    /** Alert details {@code reason} of such a close. */
    public static final String SENSOR_SILENT = "sensor_silent";

    private static final ObjectMapper JSON = new ObjectMapper();

    public static String id(String rule, String kitchenId, String detail, long openedAt) {
        return "food-" + rule + "-" + kitchenId + (detail == null ? "" : "-" + detail) + "-" + openedAt;
    }

    public static String evidence(List<FoodEvent> events) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(events.get(i).json());
        }
        return b.append(']').toString();
    }

    public FoodViolation next(String record, long ts, String severity, Long closedAt, String evidence) {
        return new FoodViolation(
                violationId, record, ts, rule, kitchenId, deviceId, severity, openedAt, closedAt, evidence);
    }

    /** The alert record (domain food, kind = rule, subject = kitchen, alert_id = violation_id). */
    public Alert toAlert() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("record", record);
        if (deviceId != null) {
            details.put("device_id", deviceId);
        }
        if (CLOSE.equals(record) && NO_EVIDENCE.equals(evidence)) {
            details.put("reason", SENSOR_SILENT);
        }
        try {
            details.put("evidence", JSON.readValue(evidence, List.class));
        } catch (Exception e) {
            details.put("evidence", evidence);
        }
        return new Alert(violationId, ts, Alert.FOOD, rule, severity, kitchenId, openedAt, closedAt, details);
    }
}
