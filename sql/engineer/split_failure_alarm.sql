-- Persistent split failures: an alarm when a phase fails its split in 3 consecutive 15-minute bins.
--
-- For:     traffic engineers. One split failure is noise; the same phase failing bin after bin means its green
--          is too short for the demand now, and its timing needs a look before the queue spills back.
-- Input:   the Kafka topic signal.measures (table signal_measures), records with measure = 'split_failures': one
--          per device, phase and 15-minute bin, with the cycles ending in the bin and how many of them failed.
-- Rule:    MATCH_RECOGNIZE per device and phase in event time: a bin with >= 1 split failure whose previous bin
--          had none (or was missing), then 2 more contiguous bins with >= 1 failure. One alarm per episode: it is
--          raised as the third bin closes, and a phase that keeps failing is not alarmed again until it has had a
--          bin without failures.
-- Output:  an alert on the Kafka topic alerts (alerts.schema.json), one record per episode, key = device:
--          alert_id   split-failures-<device>-<phase>-<first bin, epoch ms> (deterministic: a re-run gives the same)
--          ts         end of the third bin (when the alarm became known); opened_at = start of the first bin
--          domain 'traffic', kind 'persistent_split_failures', severity 'warning', subject_id = device
--          details    {"phase", "first_bin", "last_bin", "bins", "split_failures", "cycles"}
--          It is written to alerts_raw (the same topic, record as text) so that details is a JSON object as the
--          contract wants; the typed table `alerts` would write it as a string.
-- Run:     ./greenwave sql sql/engineer/split_failure_alarm.sql             a service: runs until Ctrl-C
--          ./greenwave sql sql/engineer/split_failure_alarm.sql --bounded   over what the topic holds now, then ends
--          Event time: bins come in as they close; the watermark is signal_measures' (the measures job's
--          out-of-orderness), and a record behind it is late and dropped.
-- Adapt:   more bins: PATTERN (S F{3}) (and 'bins' VALUE 4); a stricter failure: >= 2 in DEFINE S and F;
--          severity and kind in the SELECT. Running it next to another job writing alerts: keep the
--          sink.transactional-id-prefix hint, unique per job.
-- check: SELECT JSON_VALUE(payload, '$.alert_id') AS alert_id, record_key,
--   CAST(JSON_VALUE(payload, '$.ts') AS BIGINT) AS ts, JSON_VALUE(payload, '$.severity') AS severity,
--   CAST(JSON_VALUE(payload, '$.opened_at') AS BIGINT) AS opened_at, JSON_QUERY(payload, '$.details') AS details,
--   CONTRACT_ERROR('alerts', payload) AS contract_error
--   FROM alerts_raw WHERE JSON_VALUE(payload, '$.kind') = 'persistent_split_failures' ORDER BY alert_id;

-- Each split-failure bin with the bin before it on the same phase (LAG in event time), for the episode start.
CREATE TEMPORARY VIEW split_failure_bins AS
SELECT device_id,
       CAST(phase AS INT) AS phase,
       bin_start,
       split_failures,
       cycles,
       event_time,
       LAG(split_failures) OVER w AS prev_split_failures,
       LAG(bin_start) OVER w AS prev_bin_start
FROM signal_measures
WHERE measure = 'split_failures'
WINDOW w AS (PARTITION BY device_id, phase ORDER BY event_time);

INSERT INTO alerts_raw /*+ OPTIONS('sink.transactional-id-prefix' = 'greenwave-sql-split-failure-alarm') */
SELECT device_id AS record_key,
       JSON_OBJECT(
         'alert_id' VALUE CONCAT('split-failures-', device_id, '-', CAST(phase AS STRING), '-', CAST(first_bin AS STRING)),
         'ts' VALUE last_bin + 900000,
         'domain' VALUE 'traffic',
         'kind' VALUE 'persistent_split_failures',
         'severity' VALUE 'warning',
         'subject_id' VALUE device_id,
         'opened_at' VALUE first_bin,
         'details' VALUE JSON_OBJECT(
           'phase' VALUE phase,
           'first_bin' VALUE first_bin,
           'last_bin' VALUE last_bin,
           'bins' VALUE 3,
           'split_failures' VALUE failures,
           'cycles' VALUE cycles)) AS payload
FROM split_failure_bins
MATCH_RECOGNIZE (
  PARTITION BY device_id, phase
  ORDER BY event_time
  MEASURES
    S.bin_start AS first_bin,
    LAST(F.bin_start) AS last_bin,
    S.split_failures + SUM(F.split_failures) AS failures,
    S.cycles + SUM(F.cycles) AS cycles
  ONE ROW PER MATCH
  AFTER MATCH SKIP PAST LAST ROW
  PATTERN (S F{2})
  DEFINE
    -- the episode's first bin: a failure after a bin without one, after a gap, or the phase's first bin
    S AS S.split_failures >= 1
         AND (S.prev_split_failures IS NULL OR S.prev_split_failures = 0
              OR S.prev_bin_start <> S.bin_start - 900000),
    -- each next bin: a failure again, in the very next bin
    F AS F.split_failures >= 1 AND F.prev_bin_start = F.bin_start - 900000
);
