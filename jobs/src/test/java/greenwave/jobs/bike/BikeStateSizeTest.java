package greenwave.jobs.bike;

import static org.assertj.core.api.Assertions.assertThat;

import greenwave.schemas.BikeZone;
import java.util.List;
import java.util.TreeMap;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * State size of the bike job for a city: 1,000,000 bikes and 10,000 zones, measured with the serializers Flink itself
 * uses for the state (a sample of values, extrapolated). Prints the numbers; the asserts only guard against a state
 * type silently falling back to a generic (Kryo) serializer or growing by an order of magnitude.
 */
class BikeStateSizeTest {
    static final int BIKES = 1_000_000;
    static final int ZONES = 10_000;
    static final int SAMPLE = 1_000;

    static <T> double meanBytes(TypeSerializer<T> serializer, List<T> values) throws Exception {
        long total = 0;
        for (T v : values) {
            DataOutputSerializer out = new DataOutputSerializer(128);
            serializer.serialize(v, out);
            total += out.length();
        }
        return (double) total / values.size();
    }

    @Test
    void bytesPerBikeAndPerZone() throws Exception {
        SerializerConfigImpl config = new SerializerConfigImpl();
        // per bike: its state (zone or cell, operator, times) and its key; in an episode for 1 % of them
        TypeSerializer<BikeState> bikeSerializer =
                TypeInformation.of(BikeState.class).createSerializer(config);
        assertThat(bikeSerializer).isInstanceOf(PojoSerializer.class);
        List<BikeState> bikes = new java.util.ArrayList<>();
        List<String> bikeKeys = new java.util.ArrayList<>();
        long t = 1_715_587_200_000L;
        for (int i = 0; i < SAMPLE; i++) {
            BikeState b = new BikeState();
            b.operator = BikeScenario.OPERATORS.get(i % 3);
            if (i % 10 == 0) {
                b.cellId = "30.546_104.062";
            } else {
                b.zoneId = String.format("gx-%04d", i % ZONES);
            }
            b.lastSeenTs = t + i * 1000L;
            b.ttlTimer = b.lastSeenTs + BikeSettings.defaults().bikeIdleTtlMs();
            b.episodeStart = i % 100 == 0 ? b.lastSeenTs : BikeState.NONE;
            bikes.add(b);
            bikeKeys.add(b.operator.substring(0, 2) + "-" + (100_000 + i));
        }
        double bikeValue = meanBytes(bikeSerializer, bikes);
        double bikeKey = meanBytes(StringSerializer.INSTANCE, bikeKeys);
        // one event-time timer per bike (the TTL): key + timestamp
        double bikeTimer = bikeKey + 8;

        // per zone: capacity, occupancy by 3 operators, an open alarm with 3 tasks (the worst case), and its key
        TypeSerializer<ZoneState> zoneSerializer =
                TypeInformation.of(ZoneState.class).createSerializer(config);
        List<ZoneState> zones = new java.util.ArrayList<>();
        List<String> zoneKeys = new java.util.ArrayList<>();
        for (int i = 0; i < SAMPLE; i++) {
            ZoneState z = new ZoneState();
            z.capacity = 30;
            z.byOperator = new TreeMap<>(java.util.Map.of("hellobike", 20, "meituan", 12, "qingju", 6));
            z.total = 38;
            z.alarmId = BikeIds.overflowAlarm(String.format("gx-%04d", i), t);
            z.openedAt = t;
            z.deadline = t + 3_600_000;
            z.severity = "warning";
            z.tasks = new TreeMap<>(java.util.Map.of("hellobike", 4, "meituan", 3, "qingju", 1));
            z.nextSnapshot = t + 300_000;
            zones.add(z);
            zoneKeys.add(String.format("gx-%04d", i));
        }
        double zoneValue = meanBytes(zoneSerializer, zones);
        double zoneKey = meanBytes(StringSerializer.INSTANCE, zoneKeys);

        // broadcast: every zone's polygon (a 5-point ring) in each parallel instance of the per-bike operator
        TypeSerializer<BikeZone> zoneRecordSerializer =
                TypeInformation.of(BikeZone.class).createSerializer(config);
        List<BikeZone> records =
                BikeScenario.generate(BikeScenario.Options.scaled(200, 10, 2)).zones();
        double zoneRecord = meanBytes(zoneRecordSerializer, records);

        double perBike = bikeValue + bikeKey + bikeTimer;
        double perZone = zoneValue + zoneKey + zoneRecord;
        System.out.printf(
                "bike state: %.0f B value (%s) + %.0f B key + %.0f B TTL timer = %.0f B per bike;"
                        + " %,d bikes: %.1f MB%n",
                bikeValue,
                bikeSerializer.getClass().getSimpleName(),
                bikeKey,
                bikeTimer,
                perBike,
                BIKES,
                perBike * BIKES / 1e6);
        System.out.printf(
                "zone state: %.0f B value with an open alarm (%s) + %.0f B key + %.0f B zone record"
                        + " (%s, broadcast, once per parallel instance) = %.0f B per zone; %,d zones: %.1f MB"
                        + " (+ %.1f MB per extra instance)%n",
                zoneValue,
                zoneSerializer.getClass().getSimpleName(),
                zoneKey,
                zoneRecord,
                zoneRecordSerializer.getClass().getSimpleName(),
                perZone,
                ZONES,
                perZone * ZONES / 1e6,
                zoneRecord * ZONES / 1e6);
        System.out.printf(
                "total for %,d bikes and %,d zones: %.1f MB (before the state backend's own per-entry" + " overhead)%n",
                BIKES, ZONES, (perBike * BIKES + perZone * ZONES) / 1e6);
        assertThat(perBike).isLessThan(120);
        assertThat(zoneValue).isLessThan(400);
    }
}
