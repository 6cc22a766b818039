-- Worst approaches by delay this week: where do vehicles wait longest, by detectors and by probe vehicles?
--
-- For:     traffic engineers and analysts (where to look first; what to show in the weekly report).
-- Inputs:  greenwave.traffic.approach_delay (detectors, per device, phase and 15-minute bin: ATSPM approach delay,
--          i.e. the wait of vehicles arriving on red until the green, over all arrivals) and
--          greenwave.traffic.probe_approach_delay (probe vehicles, per device, approach and bin: control delay).
-- Window:  "this week" = the 7 days ending with the newest bin of each table (so it also works on old data).
-- Output:  the 5 worst approaches of each source, ranked by their mean delay per vehicle over the week (total
--          delay / vehicles, i.e. weighted by volume): bins, vehicles (detector arrivals or probe samples), mean
--          delay, the worst bin's delay and the HCM level of service of the mean delay (LEVEL_OF_SERVICE, A..F).
--          For detector rows the delay is the ATSPM approach delay, which leaves out the slowing down and speeding
--          up that control delay includes: read their letter as a lower bound. Ties: device, then approach.
-- Run:     ./greenwave sql sql/analyst/worst_approaches.sql
--          (add --format csv for a spreadsheet; --data-dir DIR for another stack's data)
-- Adapt:   the minimum volume to be ranked (HAVING SUM(vehicles) >= 100 detector arrivals, >= 20 probe samples),
--          how many per source (rnk <= 5), the window (INTERVAL '7' DAY).

SET 'execution.runtime-mode' = 'batch';

WITH bins AS (
  SELECT 'detector' AS source, device_id, CONCAT('phase ', CAST(phase AS STRING)) AS approach,
         arrivals AS vehicles, total_delay_s, delay_per_veh_s AS bin_delay_s
  FROM greenwave.traffic.approach_delay
  WHERE bin_start > (SELECT MAX(bin_start) FROM greenwave.traffic.approach_delay) - INTERVAL '7' DAY
  UNION ALL
  SELECT 'probe' AS source, device_id, approach_id AS approach,
         CAST(samples AS BIGINT) AS vehicles, mean_delay_s * samples AS total_delay_s, mean_delay_s AS bin_delay_s
  FROM greenwave.traffic.probe_approach_delay
  WHERE bin_start > (SELECT MAX(bin_start) FROM greenwave.traffic.probe_approach_delay) - INTERVAL '7' DAY
),
per_approach AS (
  SELECT source, device_id, approach,
         COUNT(*) AS bins,
         SUM(vehicles) AS vehicles,
         SUM(total_delay_s) / SUM(vehicles) AS delay_s,
         MAX(bin_delay_s) AS worst_bin_delay_s
  FROM bins
  GROUP BY source, device_id, approach
  HAVING SUM(vehicles) >= CASE source WHEN 'detector' THEN 100 ELSE 20 END
),
ranked AS (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY source ORDER BY delay_s DESC, device_id, approach) AS rnk
  FROM per_approach
)
SELECT source,
       rnk AS `rank`,
       device_id,
       approach,
       bins,
       vehicles,
       ROUND(delay_s, 2) AS delay_s,
       ROUND(worst_bin_delay_s, 2) AS worst_bin_delay_s,
       LEVEL_OF_SERVICE(delay_s) AS los
FROM ranked
WHERE rnk <= 5
ORDER BY source, rnk;
