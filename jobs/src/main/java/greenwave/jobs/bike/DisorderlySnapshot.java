package greenwave.jobs.bike;

/**
 * Disorderly parking in one grid cell at a snapshot time.
 *
 * @param cellId     grid cell ({@link GridCell})
 * @param snapshotTs snapshot time, epoch ms
 * @param bikes      bikes parked in the cell outside every zone then
 * @param parks      parks outside every zone in the cell during the period ending at {@code snapshotTs}
 */
public record DisorderlySnapshot(String cellId, long snapshotTs, int bikes, int parks) {}
