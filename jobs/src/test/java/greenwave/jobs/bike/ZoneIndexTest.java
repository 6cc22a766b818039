package greenwave.jobs.bike;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.schemas.BikeZone;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZoneIndexTest {
    @Test
    void findsTheZoneOfAPointWithClosedOrOpenRingsAndNoneOutside() {
        BikeZone open = BikeTrackerFunctionTest.square("open", 30.0, 104.0, 5);
        List<List<Double>> closedRing = new ArrayList<>(
                BikeTrackerFunctionTest.square("closed", 30.01, 104.0, 5).polygon());
        closedRing.add(closedRing.get(0));
        BikeZone closed = new BikeZone("closed", null, closedRing, 5, null);
        // a triangle whose bounding box covers points outside it
        BikeZone triangle = new BikeZone(
                "tri", null, List.of(List.of(104.02, 30.0), List.of(104.03, 30.0), List.of(104.02, 30.01)), 5, null);
        ZoneIndex index = new ZoneIndex(List.of(open, closed, triangle));
        assertThat(index.zoneAt(30.0005, 104.0005)).isEqualTo("open");
        assertThat(index.zoneAt(30.0105, 104.0005)).isEqualTo("closed");
        assertThat(index.zoneAt(30.002, 104.021)).isEqualTo("tri");
        assertThat(index.zoneAt(30.009, 104.029)).isNull(); // in the triangle's box, outside the triangle
        assertThat(index.zoneAt(30.005, 104.005)).isNull();
        assertThat(index.zoneAt(30.0, 104.0005)).isEqualTo("open"); // on the edge: inside
    }

    @Test
    void aDegenerateZoneIsSkippedNotFatal() {
        BikeZone line = new BikeZone(
                "line", null, List.of(List.of(104.0, 30.0), List.of(104.001, 30.0), List.of(104.0, 30.0)), 5, null);
        ZoneIndex index = new ZoneIndex(List.of(line, BikeTrackerFunctionTest.square("ok", 30.01, 104.0, 5)));
        assertThat(index.skipped()).containsExactly("line");
        assertThat(index.zoneAt(30.0105, 104.0005)).isEqualTo("ok");
    }

    @Test
    void gridCellsAreAlignedToZeroAndExactAtTheirEdges() {
        assertThat(GridCell.idOf(30.547, 104.0621, 0.001)).isEqualTo("30.547_104.062");
        assertThat(GridCell.idOf(30.5469999, 104.0629999, 0.001)).isEqualTo("30.546_104.062");
        assertThat(GridCell.idOf(-0.0005, -0.0005, 0.001)).isEqualTo("-0.001_-0.001");
        assertThat(GridCell.cornerOf("30.547_104.062")).containsExactly(30.547, 104.062);
    }
}
