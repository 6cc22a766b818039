package greenwave.jobs.bike;

import greenwave.schemas.Alert;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event in the life of a bike alarm, as stored in {@code bike.alarms}: an overflow's opening, escalations and
 * closing, or a blacklisted bike's reflow episode. Most of them are also an {@link Alert} ({@link #toAlert()}).
 *
 * @param alarmId         deterministic id ({@link BikeIds}); the alert id on {@code alerts}
 * @param kind            {@link #ZONE_OVERFLOW} or {@link #BLACKLISTED_REFLOW}
 * @param event           {@link #OPENED}, {@link #ESCALATED}, {@link #CLOSED} or {@link #REFLOW}
 * @param ts              when this event happened, epoch ms
 * @param zoneId          the zone (of the overflow, or where the blacklisted bike parked)
 * @param bikeId          the blacklisted bike; null for overflows
 * @param operator        the blacklisted bike's operator; null for overflows
 * @param openedAt        when the alarm opened
 * @param closedAt        when it closed; null unless {@code event} is closed
 * @param capacity        the zone's capacity at this event; null for reflow, while the zone's record is unknown, and
 *                        when the alarm closes because its zone was deleted (a tombstone on {@code bike.zones})
 * @param occupancy       bikes in the zone at this event; null for reflow
 * @param escalationLevel the tasks' escalation level after this event
 * @param severity        {@link Alert#WARNING} or {@link Alert#CRITICAL}
 * @param byOperator      bikes in the zone per operator at this event; empty for reflow
 */
public record BikeAlarm(
        String alarmId,
        String kind,
        String event,
        long ts,
        String zoneId,
        String bikeId,
        String operator,
        long openedAt,
        Long closedAt,
        Integer capacity,
        Integer occupancy,
        int escalationLevel,
        String severity,
        Map<String, Integer> byOperator) {

    public static final String ZONE_OVERFLOW = "zone_overflow";
    public static final String BLACKLISTED_REFLOW = "blacklisted_reflow";
    public static final String OPENED = "opened";
    public static final String ESCALATED = "escalated";
    public static final String CLOSED = "closed";
    public static final String REFLOW = "reflow";
    /** Why an overflow closed without its occupancy falling: the zone was deleted (alert details {@code reason}). */
    public static final String ZONE_DELETED = "zone_deleted";

    /**
     * The record on {@code alerts}, or null for an escalation that does not change the severity (the contract: one
     * record when an alarm opens, one per severity change, one when it closes; a reflow episode is a single record).
     */
    public Alert toAlert() {
        if (ESCALATED.equals(event) && !Alert.CRITICAL.equals(severity)) {
            return null;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("zone_id", zoneId);
        if (BLACKLISTED_REFLOW.equals(kind)) {
            details.put("operator", operator);
        } else {
            details.put("capacity", capacity);
            details.put("occupancy", occupancy);
            details.put("by_operator", byOperator);
            details.put("escalation_level", escalationLevel);
            if (CLOSED.equals(event) && capacity == null) {
                details.put("reason", ZONE_DELETED);
            }
        }
        String subject = BLACKLISTED_REFLOW.equals(kind) ? bikeId : zoneId;
        return new Alert(alarmId, ts, Alert.BIKE, kind, severity, subject, openedAt, closedAt, details);
    }
}
