package greenwave.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * An alarm raised by the pipeline (topic {@code alerts}, key {@code subject_id}; schema
 * {@code schemas/alerts.schema.json}). An alarm with a duration is one record when it opens, one per severity change
 * and one when it closes, all with the same deterministic {@code alert_id}; a single-event alarm is one record.
 *
 * @param alertId   deterministic alert id
 * @param ts        time of this record's event (open, severity change, close), epoch milliseconds UTC
 * @param domain    {@link #TRAFFIC}, {@link #BIKE} or {@link #FOOD}
 * @param kind      what the alarm is (free text, e.g. {@code zone_overflow}, {@code cold_chain})
 * @param severity  {@link #INFO}, {@link #WARNING} or {@link #CRITICAL}
 * @param subjectId device, zone, bike or kitchen id; the record key
 * @param openedAt  when the alarm opened, epoch milliseconds UTC; may be null
 * @param closedAt  when it closed, epoch milliseconds UTC; null while open and for single-event alarms
 * @param details   rule-specific evidence (JSON object); may be null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Alert(
        @JsonProperty("alert_id") String alertId,
        @JsonProperty("ts") long ts,
        @JsonProperty("domain") String domain,
        @JsonProperty("kind") String kind,
        @JsonProperty("severity") String severity,
        @JsonProperty("subject_id") String subjectId,
        @JsonProperty("opened_at") Long openedAt,
        @JsonProperty("closed_at") Long closedAt,
        @JsonProperty("details") Map<String, Object> details) {
    public static final String TRAFFIC = "traffic";
    public static final String BIKE = "bike";
    public static final String FOOD = "food";
    public static final String INFO = "info";
    public static final String WARNING = "warning";
    public static final String CRITICAL = "critical";
}
