package greenwave.jobs.common;

/**
 * An event that came after the job's event time had passed it: counted (metric {@code lateEvents}) and stored in
 * {@code ops.late_events}, never silently dropped.
 *
 * @param sourceTopic where it came from
 * @param key         its entity id
 * @param ts          its event time, epoch ms
 * @param watermark   the watermark when it arrived, epoch ms
 * @param payload     the event as contract JSON
 */
public record LateEvent(String sourceTopic, String key, long ts, long watermark, String payload) {}
