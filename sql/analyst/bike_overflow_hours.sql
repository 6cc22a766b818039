-- Zones with the most overflow hours: where do shared bikes pile up the longest?
--
-- For:     city supervisors and analysts (which parking zones need more space, or more clearing by operators).
-- Input:   greenwave.bike.alarms (Iceberg; one row per alarm record: opened, escalated, closed; kind zone_overflow).
-- Method:  an overflow alarm lasts from its opened_at to its closed_at; one still open counts until the newest
--          record of the table (the data's "now", so the numbers do not grow with the wall clock).
-- Output:  per zone with at least one overflow alarm: alarms, how many are still open, overflow hours, the peak
--          occupancy seen in the alarm records (bikes, capacity, % of capacity) and the highest escalation level
--          (2 = critical). Most hours first; ties by zone.
-- Run:     ./greenwave sql sql/analyst/bike_overflow_hours.sql
--          (add --format csv for a spreadsheet; --data-dir DIR for another stack's data)
-- Adapt:   filter a period with AND opened_at >= TIMESTAMP '...' in `episodes`; LIMIT 10 for the top ten only.

SET 'execution.runtime-mode' = 'batch';

WITH overflow AS (
  SELECT * FROM greenwave.bike.alarms WHERE kind = 'zone_overflow'
),
newest AS (
  SELECT MAX(ts) AS newest_ts FROM greenwave.bike.alarms
),
episodes AS (
  SELECT alarm_id,
         zone_id,
         MIN(opened_at) AS opened_at,
         MAX(closed_at) AS closed_at,
         MAX(escalation_level) AS escalation_level,
         MAX(capacity) AS capacity,
         MAX(occupancy) AS peak_occupancy
  FROM overflow
  GROUP BY alarm_id, zone_id
)
SELECT e.zone_id,
       COUNT(*) AS alarms,
       SUM(CASE WHEN e.closed_at IS NULL THEN 1 ELSE 0 END) AS still_open,
       ROUND(SUM(TIMESTAMPDIFF(SECOND, e.opened_at, COALESCE(e.closed_at, n.newest_ts))) / 3600.0, 2) AS overflow_hours,
       MAX(e.peak_occupancy) AS peak_bikes,
       MAX(e.capacity) AS capacity,
       ROUND(100.0 * MAX(e.peak_occupancy) / MAX(e.capacity), 2) AS peak_pct_of_capacity,
       MAX(e.escalation_level) AS max_escalation_level
FROM episodes e
CROSS JOIN newest n
GROUP BY e.zone_id
ORDER BY overflow_hours DESC, e.zone_id;
