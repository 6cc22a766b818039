-- Data quality of the inputs: what does each input topic hold that the contract rejects, and did the jobs
-- dead-letter exactly that?
--
-- For:     operators and analysts (which producer sends bad records, and why), and anyone checking that nothing
--          is dropped silently.
-- Inputs:  the raw tables of the input topics (every Kafka record as text: signal_events_raw, vehicle_positions_raw,
--          bike_events_raw, bike_blacklist_raw, food_camera_events_raw, food_sensor_readings_raw,
--          food_operations_raw, signal_plan_acks_raw), checked with CONTRACT_ERROR(topic, payload), the same check
--          the jobs make; and greenwave.ops.dead_letters (Iceberg), what the jobs sent to the dead-letter topic.
-- Output:  per topic, one row '(valid)' with the records the contract accepts, and one row per rejection reason:
--          records in the topic with that reason, and dead letters with that reason. Equal counts mean every bad
--          record was caught and kept; a difference is worth a look (e.g. a job that does not read the topic yet).
--          Ordered by topic, the valid row first, then by reason.
-- Run:     ./greenwave sql sql/analyst/data_quality.sql
--          (add --format csv for a spreadsheet; --data-dir DIR for another stack's data)
-- Adapt:   add an input topic with one more UNION ALL branch (its raw table and its contract topic name); cut the
--          reason to its field with SPLIT_INDEX(reason, ':', 0) for coarser groups.

SET 'execution.runtime-mode' = 'batch';

WITH checked AS (
            SELECT 'signal.events' AS source_topic, CONTRACT_ERROR('signal.events', payload) AS reason FROM signal_events_raw
  UNION ALL SELECT 'vehicle.positions', CONTRACT_ERROR('vehicle.positions', payload) FROM vehicle_positions_raw
  UNION ALL SELECT 'signal.plan-acks', CONTRACT_ERROR('signal.plan-acks', payload) FROM signal_plan_acks_raw
  UNION ALL SELECT 'bike.events', CONTRACT_ERROR('bike.events', payload) FROM bike_events_raw
  UNION ALL SELECT 'bike.blacklist', CONTRACT_ERROR('bike.blacklist', payload) FROM bike_blacklist_raw
  UNION ALL SELECT 'food.camera-events', CONTRACT_ERROR('food.camera-events', payload) FROM food_camera_events_raw
  UNION ALL SELECT 'food.sensor-readings', CONTRACT_ERROR('food.sensor-readings', payload) FROM food_sensor_readings_raw
  UNION ALL SELECT 'food.operations', CONTRACT_ERROR('food.operations', payload) FROM food_operations_raw
),
in_topics AS (
  SELECT source_topic, COALESCE(reason, '(valid)') AS reason, COUNT(*) AS records
  FROM checked
  GROUP BY source_topic, COALESCE(reason, '(valid)')
),
dead AS (
  SELECT source_topic, reason, COUNT(*) AS dead_letters
  FROM greenwave.ops.dead_letters
  GROUP BY source_topic, reason
)
SELECT COALESCE(t.source_topic, d.source_topic) AS source_topic,
       COALESCE(t.reason, d.reason) AS reason,
       COALESCE(t.records, 0) AS records,
       COALESCE(d.dead_letters, 0) AS dead_letters
FROM in_topics t
FULL OUTER JOIN dead d ON d.source_topic = t.source_topic AND d.reason = t.reason
ORDER BY source_topic, CASE WHEN COALESCE(t.reason, d.reason) = '(valid)' THEN 0 ELSE 1 END, reason;
