package greenwave.jobs.probe;

import greenwave.schemas.Network;
import greenwave.schemas.VehiclePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.Gnomonic;
import net.sf.geographiclib.GnomonicData;

/**
 * Test network: a straight east-west road with three signalised intersections A, B, C, 400 m apart (A at the
 * reference point, B 400 m east, C 800 m east), corridor "c1" (outbound EB A→B→C, inbound WB C→B→A). Every
 * intersection has an EB approach (stop bar 12 m west of the centre, 3.5 m south of the centre line, phase 2) and a
 * WB approach (stop bar 12 m east, 3.5 m north, phase 6); 2 lanes, zone 250 m, speed limit 12.5 m/s (free flow 20 s).
 * Positions are built in a local east/north frame (gnomonic about the reference point) and unprojected.
 */
public final class SyntheticNetwork {
    static final double LAT0 = 30.65;
    static final double LON0 = 104.06;
    static final double SPACING_M = 400;
    static final double ZONE_M = 250;
    static final double LIMIT_MPS = 12.5;
    static final String[] DEVICES = {"A", "B", "C"};
    private static final Gnomonic G = new Gnomonic(Geodesic.WGS84);

    public static Network network() {
        List<Network.Intersection> xs = new ArrayList<>();
        for (int k = 0; k < DEVICES.length; k++) {
            String dev = DEVICES[k];
            double xc = k * SPACING_M;
            double[] eb = latLon(xc - 12, -3.5);
            double[] wb = latLon(xc + 12, 3.5);
            double[] c = latLon(xc, 0);
            xs.add(new Network.Intersection(
                    dev,
                    "X" + dev,
                    c[0],
                    c[1],
                    List.of(
                            new Network.Approach(
                                    dev + "-EB", "EB", 90.0, 2, 2, eb[0], eb[1], LIMIT_MPS, ZONE_M, List.of()),
                            new Network.Approach(
                                    dev + "-WB", "WB", 270.0, 6, 2, wb[0], wb[1], LIMIT_MPS, ZONE_M, List.of())),
                    null));
        }
        Network.Corridor c1 = new Network.Corridor(
                "c1",
                "main road",
                List.of("A", "B", "C"),
                List.of(400.0, 400.0),
                LIMIT_MPS,
                null,
                null,
                new Network.CorridorDirection("EB", Map.of("A", 2, "B", 2, "C", 2)),
                new Network.CorridorDirection("WB", Map.of("A", 6, "B", 6, "C", 6)));
        return new Network(xs, List.of(c1));
    }

    /** (lat, lon) of a point x metres east and y metres north of the reference point. */
    static double[] latLon(double x, double y) {
        GnomonicData g = G.Reverse(LAT0, LON0, x, y);
        return new double[] {g.lat, g.lon};
    }

    /** Stop-bar x of device k's EB approach. */
    public static double ebStopbarX(int k) {
        return k * SPACING_M - 12;
    }

    /** A trajectory builder. */
    public static final class Trip {
        final String vehicleId;
        final long t0;
        public final List<VehiclePosition> positions = new ArrayList<>();

        public Trip(String vehicleId, long t0) {
            this.vehicleId = vehicleId;
            this.t0 = t0;
        }

        /** A sample at t seconds after t0, x east / y north of the reference point. */
        public Trip at(double tS, double x, double y, double speed, double heading) {
            double[] ll = latLon(x, y);
            positions.add(new VehiclePosition(vehicleId, t0 + Math.round(tS * 1000), ll[0], ll[1], speed, heading));
            return this;
        }

        /** A sample on A's EB approach: {@code d} m upstream of its stop bar, {@code lateral} m left (north) of its axis. */
        Trip eb(double tS, double d, double lateral, double speed, double heading) {
            return at(tS, ebStopbarX(0) - d, -3.5 + lateral, speed, heading);
        }

        Trip eb(double tS, double d, double speed) {
            return eb(tS, d, 0, speed, 90);
        }
    }

    private SyntheticNetwork() {}
}
