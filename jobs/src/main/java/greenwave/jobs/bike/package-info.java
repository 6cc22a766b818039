/**
 * The shared-bike job (spec measures.md §3): zone occupancy from {@code bike.events}, overflow ("爆仓") alarms with
 * hysteresis, {@code remove_bikes} dispatch tasks split across operators and escalated at their deadline,
 * blacklisted-bike reflow episodes with {@code remove_blacklisted} tasks, and disorderly parking per grid cell.
 *
 * <p>Topology ({@link greenwave.jobs.bike.BikeJob}): events keyed by bike ({@link greenwave.jobs.bike.BikeTrackerFunction},
 * zones and blacklist as broadcast state, zone lookup through a JTS STRtree in {@link greenwave.jobs.bike.ZoneIndex})
 * emit occupancy deltas; keyed by zone ({@link greenwave.jobs.bike.ZoneOccupancyFunction}) they are applied in
 * event-time order and judged; keyed by grid cell ({@link greenwave.jobs.bike.DisorderlyParkingFunction}) parks outside
 * every zone are counted.
 */
package greenwave.jobs.bike;
