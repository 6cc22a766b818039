package greenwave.jobs.io;

import greenwave.jobs.common.RawRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads an ATSPM high-resolution event export ({@code TimeStamp,DeviceId,EventId,Parameter}, timestamps as UTC,
 * fractional seconds optional) as {@code signal.events} records in the wire contract's JSON, so an export runs
 * through exactly the job that reads Kafka. A row that cannot be converted is passed on as its original text and
 * is dead-lettered by the job like any malformed record; the offset of every record is its line number.
 * Compressed files ({@code .gz}) are decompressed by Flink's file source.
 */
public final class AtspmCsvFormat extends SimpleStreamFormat<RawRecord> {
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .toFormatter();

    private final String topic;

    /** @param topic the topic name the records stand for (dead letters name it as their source) */
    public AtspmCsvFormat(String topic) {
        this.topic = topic;
    }

    @Override
    public StreamFormat.Reader<RawRecord> createReader(Configuration config, FSDataInputStream stream) {
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        return new StreamFormat.Reader<>() {
            private long lineNumber;

            @Override
            public RawRecord read() throws IOException {
                String line;
                do {
                    line = lines.readLine();
                    if (line == null) {
                        return null;
                    }
                    lineNumber++;
                } while (line.isBlank() || (lineNumber == 1 && line.startsWith("TimeStamp")));
                String json = toContractJson(line);
                byte[] value = (json != null ? json : line).getBytes(StandardCharsets.UTF_8);
                return new RawRecord(topic, 0, lineNumber, 0L, null, value);
            }

            @Override
            public void close() throws IOException {
                lines.close();
            }
        };
    }

    /** The row as a {@code signal.events} JSON object, or null when it is not a well-formed ATSPM row. */
    static String toContractJson(String line) {
        String[] cols = line.split(",", -1);
        if (cols.length != 4) {
            return null;
        }
        try {
            long ts = LocalDateTime.parse(cols[0].trim(), TIMESTAMP)
                    .toInstant(ZoneOffset.UTC)
                    .toEpochMilli();
            String device = cols[1].trim();
            int code = Integer.parseInt(cols[2].trim());
            int param = Integer.parseInt(cols[3].trim());
            if (device.isEmpty() || device.contains("\"") || device.contains("\\")) {
                return null;
            }
            return "{\"device_id\":\"" + device + "\",\"ts\":" + ts + ",\"code\":" + code + ",\"param\":" + param + "}";
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
