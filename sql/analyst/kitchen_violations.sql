-- Kitchens by food-safety violations: which kitchens to inspect first?
--
-- For:     food-safety supervisors and analysts.
-- Input:   greenwave.food.violations (Iceberg; one row per violation record: open, severity change, close, or the
--          single record of an instant rule; records of one violation share its violation_id).
-- Output:  the 10 kitchens with the most violations: violations (distinct violation_id), how many reached
--          critical, how many were warnings or info at worst, distinct rules broken, violations still open at the
--          end of the data, and the first and last violation. Ties: more critical first, then kitchen id.
-- Run:     ./greenwave sql sql/analyst/kitchen_violations.sql
--          (add --format csv for a spreadsheet; --data-dir DIR for another stack's data)
-- Adapt:   LIMIT 10; a period with WHERE ts >= TIMESTAMP '...'; one rule with WHERE rule = 'cold_chain'.

SET 'execution.runtime-mode' = 'batch';

WITH per_violation AS (
  SELECT violation_id,
         kitchen_id,
         rule,
         MIN(opened_at) AS opened_at,
         MAX(CASE severity WHEN 'critical' THEN 3 WHEN 'warning' THEN 2 ELSE 1 END) AS worst,
         -- a duration rule's violation is open until its close record; an instant rule's is one "event" record
         MAX(CASE WHEN record IN ('close', 'event') THEN 1 ELSE 0 END) AS ended
  FROM greenwave.food.violations
  GROUP BY violation_id, kitchen_id, rule
)
SELECT kitchen_id,
       COUNT(*) AS violations,
       SUM(CASE WHEN worst = 3 THEN 1 ELSE 0 END) AS critical,
       SUM(CASE WHEN worst = 2 THEN 1 ELSE 0 END) AS warning,
       SUM(CASE WHEN worst = 1 THEN 1 ELSE 0 END) AS info,
       COUNT(DISTINCT rule) AS rules,
       SUM(1 - ended) AS still_open,
       MIN(opened_at) AS first_violation,
       MAX(opened_at) AS last_violation
FROM per_violation
GROUP BY kitchen_id
ORDER BY violations DESC, critical DESC, kitchen_id
LIMIT 10;
