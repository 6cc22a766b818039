/**
 * The shared-bike job (spec measures.md §3): zone occupancy from {@code bike.events}, overflow ("爆仓") alarms with
 * hysteresis, {@code remove_bikes} dispatch tasks split across operators and escalated at their deadline,
 * blacklisted-bike reflow episodes with {@code remove_blacklisted} tasks, and disorderly parking per grid cell.
 *
 * <p>Topology ({@link greenwave.jobs.bike.BikeJob}): events keyed by bike ({@link greenwave.jobs.bike.BikeTrackerFunction},
 * zones and blacklist as broadcast state, zone lookup through a JTS STRtree in {@link greenwave.jobs.bike.ZoneIndex})
 * emit occupancy deltas; keyed by zone ({@link greenwave.jobs.bike.ZoneOccupancyFunction}) they are applied in
 * event-time order and judged; keyed by grid cell ({@link greenwave.jobs.bike.DisorderlyParkingFunction}) parks outside
 * every zone are counted. The reference topics are decoded, tombstones included, by
 * {@link greenwave.jobs.bike.BikeReferenceDecoder} into {@link greenwave.jobs.bike.BikeReference}s; the data's end of
 * a bounded input ({@link greenwave.jobs.common.DataEnd}) keeps every event-time decision within the data.
 *
 * <p>Keyed state: {@link greenwave.jobs.bike.BikeState} per bike (with its {@link greenwave.jobs.bike.BlacklistHistory}),
 * {@link greenwave.jobs.bike.ZoneState} per zone; they exchange {@link greenwave.jobs.bike.PlaceDelta}s and
 * {@link greenwave.jobs.bike.ZoneInput}s. Outputs: {@link greenwave.jobs.bike.BikeAlarm},
 * {@link greenwave.jobs.bike.OccupancySnapshot}, {@link greenwave.jobs.bike.DisorderlySnapshot} (cells of
 * {@link greenwave.jobs.bike.GridCell}), dispatch tasks with deterministic ids ({@link greenwave.jobs.bike.BikeIds}),
 * to the tables of {@link greenwave.jobs.bike.BikeTables}. {@link greenwave.jobs.bike.BikeSettings} holds the
 * {@code bike:} thresholds; {@link greenwave.jobs.bike.BikeScenario} generates a morning's input
 * ({@code ./greenwave bike-scenario}, the tests, the demo's sample).
 *
 * <p>State is bounded, each kind by an owner that clears it: a bike by its idle TTL ({@code bike_idle_ttl_s}), a zone
 * by its tombstone on {@code bike.zones} (its bikes leave it, an open alarm closes, its state goes once empty), a
 * blacklisted bike by its tombstone on {@code bike.blacklist} or {@code blacklist_lifted_keep_s} after its lift, a grid
 * cell when its last bike leaves. {@code BikeStateGrowthTest} feeds a million one-off ids to each and checks it.
 */
package greenwave.jobs.bike;
