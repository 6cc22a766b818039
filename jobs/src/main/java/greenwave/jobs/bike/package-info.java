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
 *
 * <p>State is bounded, each kind by an owner that clears it: a bike by its idle TTL ({@code bike_idle_ttl_s}), a zone
 * by its tombstone on {@code bike.zones} (its bikes leave it, an open alarm closes, its state goes once empty), a
 * blacklisted bike by its tombstone on {@code bike.blacklist} or {@code blacklist_lifted_keep_s} after its lift, a grid
 * cell when its last bike leaves. {@code BikeStateGrowthTest} feeds a million one-off ids to each and checks it.
 */
package greenwave.jobs.bike;
