package greenwave.jobs.signal;

import greenwave.schemas.SignalEvent;
import greenwave.schemas.SignalMeasure;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * ATSPM CSV files: the high-resolution event log (TimeStamp, DeviceId, EventId, Parameter; TimeStamp
 * {@code yyyy-MM-dd HH:mm:ss[.fraction]} read as UTC) and the five reference outputs of the {@code atspm} package
 * (actuations.csv, terminations.csv, arrival_on_green.csv, split_failures.csv, yellow_red.csv) with its column names
 * and TimeStamp format.
 */
public final class AtspmCsv {
    /** {@code yyyy-MM-dd HH:mm:ss} with an optional fraction of 1..9 digits (also accepts a 'T' separator). */
    public static final DateTimeFormatter TIMESTAMP_IN = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .optionalStart()
            .appendLiteral('T')
            .optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .toFormatter(Locale.ROOT);
    /** The reference outputs' bin TimeStamp format. */
    public static final DateTimeFormatter TIMESTAMP_OUT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    public static final String ACTUATIONS = "actuations.csv";
    public static final String TERMINATIONS = "terminations.csv";
    public static final String ARRIVAL_ON_GREEN = "arrival_on_green.csv";
    public static final String SPLIT_FAILURES = "split_failures.csv";
    public static final String YELLOW_RED = "yellow_red.csv";

    private AtspmCsv() {}

    /** Parses an ATSPM TimeStamp as UTC epoch milliseconds. */
    public static long parseTimestamp(String s) {
        return LocalDateTime.parse(s.trim(), TIMESTAMP_IN)
                .toInstant(ZoneOffset.UTC)
                .toEpochMilli();
    }

    public static String formatTimestamp(long epochMs) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(epochMs, 1000L), 0, ZoneOffset.UTC)
                .format(TIMESTAMP_OUT);
    }

    /** Reads an events CSV ({@code .gz} decompressed by name), in file order. */
    public static List<SignalEvent> readEvents(Path path) throws IOException {
        InputStream in = Files.newInputStream(path);
        if (path.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return readEvents(r);
        }
    }

    /** Reads an events CSV with a header naming TimeStamp, DeviceId, EventId, Parameter (any order). */
    public static List<SignalEvent> readEvents(Reader reader) throws IOException {
        BufferedReader br = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
        String header = br.readLine();
        List<SignalEvent> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        String[] cols = header.split(",", -1);
        int iTs = -1, iDev = -1, iEv = -1, iPar = -1;
        for (int i = 0; i < cols.length; i++) {
            switch (cols[i].trim().toLowerCase(Locale.ROOT).replace("_", "")) {
                case "timestamp" -> iTs = i;
                case "deviceid", "signalid" -> iDev = i;
                case "eventid", "eventcode" -> iEv = i;
                case "parameter", "eventparam" -> iPar = i;
                default -> {}
            }
        }
        if (iTs < 0 || iDev < 0 || iEv < 0 || iPar < 0) {
            throw new IOException("events csv needs TimeStamp, DeviceId, EventId, Parameter columns: " + header);
        }
        String line;
        while ((line = br.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            out.add(new SignalEvent(
                    f[iDev].trim(),
                    parseTimestamp(f[iTs]),
                    Integer.parseInt(f[iEv].trim()),
                    Integer.parseInt(f[iPar].trim())));
        }
        return out;
    }

    /** Writes the five reference CSVs into {@code dir} (created if needed). */
    public static void writeReference(Path dir, Collection<? extends SignalMeasure> measures) throws IOException {
        Files.createDirectories(dir);
        try (Writer w = Files.newBufferedWriter(dir.resolve(ACTUATIONS), StandardCharsets.UTF_8)) {
            writeActuations(w, measures);
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve(TERMINATIONS), StandardCharsets.UTF_8)) {
            writeTerminations(w, measures);
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve(ARRIVAL_ON_GREEN), StandardCharsets.UTF_8)) {
            writeArrivalOnGreen(w, measures);
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve(SPLIT_FAILURES), StandardCharsets.UTF_8)) {
            writeSplitFailures(w, measures);
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve(YELLOW_RED), StandardCharsets.UTF_8)) {
            writeYellowRed(w, measures);
        }
    }

    /** Orders device ids numerically when both are numbers, else as strings. */
    public static final Comparator<String> DEVICE_ORDER = (a, b) -> {
        boolean na = isNumber(a);
        boolean nb = isNumber(b);
        if (na && nb) {
            int c = new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b));
            return c != 0 ? c : a.compareTo(b);
        }
        return na != nb ? (na ? -1 : 1) : a.compareTo(b);
    };

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 30) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public static void writeActuations(Writer out, Collection<? extends SignalMeasure> measures) throws IOException {
        List<SignalMeasure.Actuations> rows = new ArrayList<>();
        for (SignalMeasure m : measures) {
            if (m instanceof SignalMeasure.Actuations a) {
                rows.add(a);
            }
        }
        rows.sort(Comparator.comparingLong(SignalMeasure.Actuations::binStart)
                .thenComparing(SignalMeasure.Actuations::deviceId, DEVICE_ORDER)
                .thenComparingInt(SignalMeasure.Actuations::detector));
        BufferedWriter w = buffered(out);
        w.write("TimeStamp,DeviceId,Detector,Total\n");
        for (SignalMeasure.Actuations a : rows) {
            w.write(formatTimestamp(a.binStart()) + "," + a.deviceId() + "," + a.detector() + "," + a.total() + "\n");
        }
        w.flush();
    }

    public static void writeTerminations(Writer out, Collection<? extends SignalMeasure> measures) throws IOException {
        List<SignalMeasure.Terminations> rows = new ArrayList<>();
        for (SignalMeasure m : measures) {
            if (m instanceof SignalMeasure.Terminations t) {
                rows.add(t);
            }
        }
        rows.sort(Comparator.comparingLong(SignalMeasure.Terminations::binStart)
                .thenComparing(SignalMeasure.Terminations::deviceId, DEVICE_ORDER)
                .thenComparingInt(SignalMeasure.Terminations::phase)
                .thenComparing(SignalMeasure.Terminations::termination));
        BufferedWriter w = buffered(out);
        w.write("TimeStamp,DeviceId,Phase,PerformanceMeasure,Total\n");
        for (SignalMeasure.Terminations t : rows) {
            w.write(formatTimestamp(t.binStart()) + "," + t.deviceId() + "," + t.phase() + "," + t.termination() + ","
                    + t.total() + "\n");
        }
        w.flush();
    }

    /** Rows with no arrival on green are omitted, like the reference. */
    public static void writeArrivalOnGreen(Writer out, Collection<? extends SignalMeasure> measures)
            throws IOException {
        List<SignalMeasure.ArrivalsOnGreen> rows = new ArrayList<>();
        for (SignalMeasure m : measures) {
            if (m instanceof SignalMeasure.ArrivalsOnGreen a && a.greenActuations() > 0) {
                rows.add(a);
            }
        }
        rows.sort(Comparator.comparingLong(SignalMeasure.ArrivalsOnGreen::binStart)
                .thenComparing(SignalMeasure.ArrivalsOnGreen::deviceId, DEVICE_ORDER)
                .thenComparingInt(SignalMeasure.ArrivalsOnGreen::phase));
        BufferedWriter w = buffered(out);
        w.write("TimeStamp,DeviceId,Phase,Total_Actuations,Percent_AOG\n");
        for (SignalMeasure.ArrivalsOnGreen a : rows) {
            w.write(formatTimestamp(a.binStart()) + "," + a.deviceId() + "," + a.phase() + "," + a.totalActuations()
                    + "," + num(a.percentAog()) + "\n");
        }
        w.flush();
    }

    public static void writeSplitFailures(Writer out, Collection<? extends SignalMeasure> measures) throws IOException {
        List<SignalMeasure.SplitFailures> rows = new ArrayList<>();
        for (SignalMeasure m : measures) {
            if (m instanceof SignalMeasure.SplitFailures f) {
                rows.add(f);
            }
        }
        rows.sort(Comparator.comparingLong(SignalMeasure.SplitFailures::binStart)
                .thenComparing(SignalMeasure.SplitFailures::deviceId, DEVICE_ORDER)
                .thenComparingInt(SignalMeasure.SplitFailures::phase));
        BufferedWriter w = buffered(out);
        w.write("TimeStamp,DeviceId,Phase,Green_Time,Green_Occupancy,Red_Occupancy,Split_Failure\n");
        for (SignalMeasure.SplitFailures f : rows) {
            w.write(formatTimestamp(f.binStart()) + "," + f.deviceId() + "," + f.phase() + "," + num(f.greenTimeS())
                    + "," + num(f.greenOccupancy()) + "," + num(f.redOccupancy()) + "," + f.splitFailures() + "\n");
        }
        w.flush();
    }

    /** Red_Offset and Count are written as the reference's floats ("-6.5", "1.0"). */
    public static void writeYellowRed(Writer out, Collection<? extends SignalMeasure> measures) throws IOException {
        List<SignalMeasure.YellowRedActuations> rows = new ArrayList<>();
        for (SignalMeasure m : measures) {
            if (m instanceof SignalMeasure.YellowRedActuations y) {
                rows.add(y);
            }
        }
        rows.sort(Comparator.comparingLong(SignalMeasure.YellowRedActuations::binStart)
                .thenComparing(SignalMeasure.YellowRedActuations::deviceId, DEVICE_ORDER)
                .thenComparingInt(SignalMeasure.YellowRedActuations::phase)
                .thenComparingInt(SignalMeasure.YellowRedActuations::signalState)
                .thenComparingDouble(SignalMeasure.YellowRedActuations::redOffsetS));
        BufferedWriter w = buffered(out);
        w.write("TimeStamp,DeviceId,Phase,Signal_State,Red_Offset,Count\n");
        for (SignalMeasure.YellowRedActuations y : rows) {
            w.write(formatTimestamp(y.binStart()) + "," + y.deviceId() + "," + y.phase() + "," + y.signalState() + ","
                    + num(y.redOffsetS()) + "," + num(y.total()) + "\n");
        }
        w.flush();
    }

    /**
     * The reference writes float32 values as Python does: the shortest decimal that reads back as the same float32,
     * at least one decimal ("0.0", "-0.0", "69.95"); an empty field for NaN (the reference's NULL).
     */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        float f = (float) v;
        if (Float.isInfinite(f)) {
            return f > 0 ? "inf" : "-inf";
        }
        if (f == 0f) {
            return Float.floatToRawIntBits(f) < 0 ? "-0.0" : "0.0";
        }
        java.math.BigDecimal exact = new java.math.BigDecimal(f);
        String s = exact.toPlainString();
        for (int p = 1; p <= 9; p++) {
            java.math.BigDecimal r = exact.round(new java.math.MathContext(p, java.math.RoundingMode.HALF_EVEN));
            if (r.floatValue() == f) {
                s = r.stripTrailingZeros().toPlainString();
                break;
            }
        }
        return s.contains(".") ? s : s + ".0";
    }

    private static BufferedWriter buffered(Writer w) {
        return w instanceof BufferedWriter b ? b : new BufferedWriter(w);
    }
}
