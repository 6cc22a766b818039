-- Signal fault: a phase with a standing call that gets no green for 2 cycles.
--
-- For:     traffic engineers and signal technicians. A phase whose vehicles wait (its call stands) while whole
--          cycles go by without its green is being skipped with demand present: a phase omitted by mistake, a
--          stuck or misconfigured controller, or a preemption that kept it out. Actuated phases that are skipped
--          because nobody is waiting are normal and are not alarmed.
-- Input:   the Kafka topic signal.events (table signal_events; Indiana event codes): 43 phase call registered and
--          44 phase call dropped (param = phase), 1 begin green (param = phase), 102..111 preemption events.
--          A cycle is counted at each begin of green of the reference phase 2 (the coordinated phase).
-- Rule:    MATCH_RECOGNIZE per device and phase in event time: a call (43), then neither a green of the phase nor
--          a drop of its call (44) while 2 cycles begin. Events of one instant are taken green first, cycle last,
--          so a phase that turns green as the cycle begins counts as served.
-- Output:  an alert on the Kafka topic alerts (alerts.schema.json), one record per unserved call, key = device:
--          alert_id   phase-not-served-<device>-<phase>-<call ts, epoch ms> (deterministic)
--          ts         the begin of the second cycle (when the fault became known); opened_at = the call
--          domain 'traffic', kind 'phase_not_served', subject_id = device
--          severity   'warning'; 'info' when a preemption (codes 102..111) happened while the call waited, which
--                     explains the wait
--          details    {"phase", "call_ts", "cycles_without_green", "preemption_events"}
--          Written to alerts_raw (the same topic, record as text) so that details is a JSON object as the
--          contract wants.
-- On the demo's samples it fires once: device 227, phase 5, call at 16:20:40.4 UTC, not served through the cycles
-- beginning 16:22:07.4 and 16:23:34.6 while a preemption ran (16:21:21-16:23:58): severity info. Every other
-- called phase of devices 227 and 452 was served within one cycle; the SUMO corridor (devices 101-103) logs no
-- phase calls, so the rule has nothing to say about it.
-- Run:     ./greenwave sql sql/engineer/phase_not_served.sql             a service: runs until Ctrl-C
--          ./greenwave sql sql/engineer/phase_not_served.sql --bounded   over what the topic holds now, then ends
--          Event time: the watermark is signal_events' (the signal job's out-of-orderness, 300 s by default); an
--          event behind it is late and dropped.
-- Adapt:   N cycles: SUM(W.is_cycle) >= N - 1 in DEFINE T; the reference phase: `param = 2` (twice) in the view;
--          controllers with more than 8 phases: extend the ARRAY[1, ..., 8]; to drop preempted waits altogether,
--          leave 'preempt' out of DEFINE W (the wait then ends at the preemption).
-- check: SELECT JSON_VALUE(payload, '$.alert_id') AS alert_id, record_key,
--   CAST(JSON_VALUE(payload, '$.ts') AS BIGINT) AS ts, JSON_VALUE(payload, '$.severity') AS severity,
--   CAST(JSON_VALUE(payload, '$.opened_at') AS BIGINT) AS opened_at, JSON_QUERY(payload, '$.details') AS details,
--   CONTRACT_ERROR('alerts', payload) AS contract_error
--   FROM alerts_raw WHERE JSON_VALUE(payload, '$.kind') = 'phase_not_served' ORDER BY alert_id;

-- Per device and phase, the events that matter to it: its greens, calls and call drops, and (copied to every phase
-- 1..8) the reference phase's greens as cycle starts and the preemption events. The ARRAY depends on the row, so
-- the UNNEST stays a per-row expansion and event_time stays the time attribute.
CREATE TEMPORARY VIEW phase_events AS
SELECT device_id,
       p.phase,
       ts,
       event_time,
       CASE WHEN code BETWEEN 102 AND 111 THEN 'preempt'
            WHEN code = 1 AND param = p.phase THEN 'green'
            WHEN code = 1 THEN 'cycle'
            WHEN code = 43 THEN 'call'
            ELSE 'drop' END AS kind
FROM signal_events
CROSS JOIN UNNEST(
    CASE WHEN (code = 1 AND param = 2) OR code BETWEEN 102 AND 111 THEN ARRAY[1, 2, 3, 4, 5, 6, 7, 8]
         ELSE ARRAY[CAST(param AS INT)] END) AS p (phase)
WHERE code IN (1, 43, 44) OR code BETWEEN 102 AND 111;

CREATE TEMPORARY VIEW phase_events_ranked AS
SELECT *,
       CASE kind WHEN 'green' THEN 0 WHEN 'drop' THEN 1 WHEN 'cycle' THEN 3 ELSE 2 END AS tie_rank,
       CASE kind WHEN 'cycle' THEN 1 ELSE 0 END AS is_cycle,
       CASE kind WHEN 'preempt' THEN 1 ELSE 0 END AS is_preempt
FROM phase_events;

INSERT INTO alerts_raw /*+ OPTIONS('sink.transactional-id-prefix' = 'greenwave-sql-phase-not-served') */
SELECT device_id AS record_key,
       JSON_OBJECT(
         'alert_id' VALUE CONCAT('phase-not-served-', device_id, '-', CAST(phase AS STRING), '-', CAST(call_ts AS STRING)),
         'ts' VALUE alarm_ts,
         'domain' VALUE 'traffic',
         'kind' VALUE 'phase_not_served',
         'severity' VALUE CASE WHEN preemption_events > 0 THEN 'info' ELSE 'warning' END,
         'subject_id' VALUE device_id,
         'opened_at' VALUE call_ts,
         'details' VALUE JSON_OBJECT(
           'phase' VALUE phase,
           'call_ts' VALUE call_ts,
           'cycles_without_green' VALUE cycles,
           'preemption_events' VALUE preemption_events)) AS payload
FROM phase_events_ranked
MATCH_RECOGNIZE (
  PARTITION BY device_id, phase
  ORDER BY event_time, tie_rank
  MEASURES
    C.ts AS call_ts,
    T.ts AS alarm_ts,
    SUM(W.is_cycle) + 1 AS cycles,
    SUM(W.is_preempt) AS preemption_events
  ONE ROW PER MATCH
  AFTER MATCH SKIP PAST LAST ROW
  PATTERN (C W*? T)
  DEFINE
    -- the call
    C AS C.kind = 'call',
    -- while it waits: more calls, cycle starts, preemption; a green or a drop of the call ends the wait
    W AS W.kind IN ('call', 'cycle', 'preempt'),
    -- the 2nd cycle start without a green
    T AS T.kind = 'cycle' AND SUM(W.is_cycle) >= 1
);
