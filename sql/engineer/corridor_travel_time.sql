-- Corridor travel time per hour: how long does a trip along each corridor take, hour by hour?
--
-- For:     traffic engineers (before/after studies of a re-timing; the corridor report), and analysts reading
--          the result table.
-- Input:   the Kafka topic probe.measures (table probe_measures), records with measure = 'link_travel_time': per
--          corridor, direction, link (from_device -> to_device) and 15-minute bin, the probe trips' mean stop-bar
--          to stop-bar travel time and running time (travel time less the wait at the downstream signal).
-- Method:  two event-time tumbling windows of 1 hour: first per link (mean time weighted by its trips), then per
--          corridor and direction, summing the links: the time of a trip along the whole corridor.
-- Output:  the Iceberg table greenwave.sql_jobs.corridor_travel_time (created if missing), one row per corridor,
--          direction and hour: hour_start (UTC), day_period (DAY_PERIOD in the corridor's time zone), links,
--          bins (the fewest 15-minute bins of any link: 4 = a full hour), trips (the sum over the links' trips)
--          and min_link_trips, travel_time_s and running_time_s (sums over the links of their hourly means).
--          Keyed by corridor, direction and hour (an upsert table): running the job again over the same data
--          rewrites those rows instead of adding copies.
-- Run:     ./greenwave sql sql/engineer/corridor_travel_time.sql             a service: runs until Ctrl-C
--          ./greenwave sql sql/engineer/corridor_travel_time.sql --bounded   over what the topic holds now, then ends
--          An hour is written once the watermark (probe_measures' event time less the probe job's
--          out-of-orderness) passes its end, and committed to Iceberg at the next checkpoint.
-- Adapt:   the time zone of DAY_PERIOD ('Asia/Shanghai': the demo corridor is in Chengdu); INTERVAL '1' HOUR for
--          other periods (e.g. '15' MINUTE, both windows); a minimum of trips per link with HAVING in link_hours.
-- check: SELECT corridor_id, direction, hour_start, day_period, links, bins, trips, min_link_trips,
--   ROUND(travel_time_s, 2) AS travel_time_s, ROUND(running_time_s, 2) AS running_time_s
--   FROM greenwave.sql_jobs.corridor_travel_time ORDER BY corridor_id, direction, hour_start;

CREATE DATABASE IF NOT EXISTS greenwave.sql_jobs;

CREATE TABLE IF NOT EXISTS greenwave.sql_jobs.corridor_travel_time (
  corridor_id    STRING           NOT NULL COMMENT 'Corridor id, as in network.json',
  direction      STRING           NOT NULL COMMENT 'Direction of travel along the corridor, e.g. EB or WB',
  hour_start     TIMESTAMP_LTZ(3) NOT NULL COMMENT 'Start of the hour (event time)',
  day_period     STRING                    COMMENT 'am_peak, midday, pm_peak, evening or night, in local time',
  links          INT                       COMMENT 'Links (consecutive intersections) with trips in the hour',
  bins           INT                       COMMENT 'Fewest 15-minute bins with trips of any link: 4 = a full hour',
  trips          BIGINT                    COMMENT 'Probe trips, summed over the links',
  min_link_trips BIGINT                    COMMENT 'Trips on the link with the fewest',
  travel_time_s  DOUBLE                    COMMENT 'Stop bar to stop bar along the corridor: sum of the links'' hourly means, s',
  running_time_s DOUBLE                    COMMENT 'The same without the waits at the signals, s',
  PRIMARY KEY (corridor_id, direction, hour_start) NOT ENFORCED
) COMMENT 'Corridor travel time per direction and hour, from probe vehicles (sql/engineer/corridor_travel_time.sql)'
WITH ('format-version' = '2', 'write.upsert.enabled' = 'true');

-- Per link and hour: the trip-weighted means of its 15-minute bins. window_time (the hour's last instant) stays a
-- time attribute, for the second window.
CREATE TEMPORARY VIEW link_hours AS
SELECT corridor_id, direction, from_device, to_device, window_time AS link_hour_time,
       COUNT(*) AS bins,
       SUM(samples) AS trips,
       SUM(mean_s * samples) / SUM(samples) AS travel_time_s,
       SUM(mean_running_s * samples) / SUM(CASE WHEN mean_running_s IS NULL THEN 0 ELSE samples END)
         AS running_time_s
FROM TABLE(TUMBLE(TABLE probe_measures, DESCRIPTOR(event_time), INTERVAL '1' HOUR))
WHERE measure = 'link_travel_time'
GROUP BY corridor_id, direction, from_device, to_device, window_start, window_end, window_time;

INSERT INTO greenwave.sql_jobs.corridor_travel_time
SELECT corridor_id,
       direction,
       window_start AS hour_start,
       DAY_PERIOD(window_start, 'Asia/Shanghai') AS day_period,
       CAST(COUNT(*) AS INT) AS links,
       CAST(MIN(bins) AS INT) AS bins,
       SUM(trips) AS trips,
       MIN(trips) AS min_link_trips,
       SUM(travel_time_s) AS travel_time_s,
       SUM(running_time_s) AS running_time_s
FROM TABLE(TUMBLE(TABLE link_hours, DESCRIPTOR(link_hour_time), INTERVAL '1' HOUR))
GROUP BY corridor_id, direction, window_start, window_end;
