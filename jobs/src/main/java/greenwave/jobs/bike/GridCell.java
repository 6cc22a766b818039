package greenwave.jobs.bike;

import java.math.BigDecimal;

/**
 * Disorderly-parking grid cells: {@code gridDeg} of latitude × {@code gridDeg} of longitude, aligned to 0° (0.001°
 * is about 110 m × 96 m in Chengdu). A cell's id is its south-west corner, {@code "30.546_104.062"}.
 */
public final class GridCell {
    private GridCell() {}

    /** The cell index along one axis. Rounds to a millionth of a cell first, so 30.547 / 0.001 lands in 30547. */
    static long index(double degrees, double gridDeg) {
        return (long) Math.floor(Math.rint(degrees / gridDeg * 1e6) / 1e6);
    }

    public static String idOf(double lat, double lon, double gridDeg) {
        return corner(index(lat, gridDeg), gridDeg) + "_" + corner(index(lon, gridDeg), gridDeg);
    }

    private static String corner(long index, double gridDeg) {
        return BigDecimal.valueOf(index)
                .multiply(BigDecimal.valueOf(gridDeg))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** The south-west corner [lat, lon] of a cell id made by {@link #idOf}. */
    public static double[] cornerOf(String cellId) {
        int sep = cellId.indexOf('_');
        return new double[] {Double.parseDouble(cellId.substring(0, sep)), Double.parseDouble(cellId.substring(sep + 1))
        };
    }
}
