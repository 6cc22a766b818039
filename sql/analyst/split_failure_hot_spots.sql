-- Split-failure hot spots: which phases failed their split most often this week, and when was it worst?
--
-- For:     traffic engineers and analysts choosing which intersections to re-time first.
-- Input:   greenwave.traffic.split_failures (Iceberg; one row per device, phase and 15-minute bin: cycles ending
--          in the bin and the cycles with both green occupancy and the first 5 s of red occupied >= 80 %).
-- Window:  "this week" = the 7 days ending with the newest bin in the table (so it also works on old data).
-- Output:  the 10 phases with the most split failures: bins, cycles, failed cycles and their share, bins with at
--          least one failure, mean green and red occupancy (cycle-weighted, %), and the worst bin (most failures;
--          the earliest on a tie). Ties: the higher share first, then device and phase.
-- Run:     ./greenwave sql sql/analyst/split_failure_hot_spots.sql
--          (add --format csv for a spreadsheet; --data-dir DIR for another stack's data)
-- Adapt:   change INTERVAL '7' DAY for another window, LIMIT 10 for a longer list, or HAVING ... >= 1 to require
--          more failures before a phase is listed.

SET 'execution.runtime-mode' = 'batch';

WITH week AS (
  SELECT *
  FROM greenwave.traffic.split_failures
  WHERE bin_start > (SELECT MAX(bin_start) FROM greenwave.traffic.split_failures) - INTERVAL '7' DAY
),
worst_bin AS (
  SELECT device_id, phase, bin_start, split_failures
  FROM (
    SELECT device_id, phase, bin_start, split_failures,
           ROW_NUMBER() OVER (PARTITION BY device_id, phase ORDER BY split_failures DESC, bin_start) AS rn
    FROM week
  )
  WHERE rn = 1
),
per_phase AS (
  SELECT device_id, phase,
         COUNT(*) AS bins,
         SUM(cycles) AS cycles,
         SUM(split_failures) AS split_failures,
         SUM(CASE WHEN split_failures > 0 THEN 1 ELSE 0 END) AS bins_with_failures,
         SUM(green_occupancy * cycles) / NULLIF(SUM(cycles), 0) AS green_occupancy,
         SUM(red_occupancy * cycles) / NULLIF(SUM(cycles), 0) AS red_occupancy
  FROM week
  GROUP BY device_id, phase
  HAVING SUM(split_failures) >= 1
)
SELECT p.device_id,
       p.phase,
       p.bins,
       p.cycles,
       p.split_failures,
       ROUND(100.0 * p.split_failures / p.cycles, 2) AS failed_pct,
       p.bins_with_failures,
       ROUND(100 * p.green_occupancy, 2) AS green_occupancy_pct,
       ROUND(100 * p.red_occupancy, 2) AS red_occupancy_pct,
       w.bin_start AS worst_bin_start,
       w.split_failures AS worst_bin_failures
FROM per_phase p
JOIN worst_bin w ON w.device_id = p.device_id AND w.phase = p.phase
ORDER BY p.split_failures DESC, failed_pct DESC, p.device_id, p.phase
LIMIT 10;
