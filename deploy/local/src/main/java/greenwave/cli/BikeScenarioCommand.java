package greenwave.cli;

import greenwave.jobs.bike.BikeScenario;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./greenwave bike-scenario}: writes a generated shared-bike morning, ready for {@code replay --input}. */
@Command(
        name = "bike-scenario",
        mixinStandardHelpOptions = true,
        description = {
            "Generates a shared-bike morning (zones, a fleet of three operators, a commute peak that "
                    + "overflows some office zones, staff clearing some of them, blacklisted bikes, out-of-order and "
                    + "duplicate delivery, a few malformed records) as zones.json, bike.blacklist.jsonl and "
                    + "bike.events.jsonl.gz: ./greenwave replay --input DIR runs it. Deterministic for a seed."
        })
final class BikeScenarioCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write.")
    Path out;

    @Option(names = "--zones", defaultValue = "150", description = "Parking zones (default ${DEFAULT-VALUE}).")
    int zones;

    @Option(names = "--bikes", defaultValue = "4000", description = "Bikes (default ${DEFAULT-VALUE}).")
    int bikes;

    @Option(
            names = "--hours",
            defaultValue = "4",
            description = "Hours from 06:30 local time (default ${DEFAULT-VALUE}).")
    int hours;

    @Option(names = "--seed", defaultValue = "7", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (zones < 3 || bikes < 1 || hours < 2) {
            throw new Greenwave.UserError("need at least 3 zones, 1 bike and 2 hours");
        }
        BikeScenario.Options d = BikeScenario.Options.demo();
        BikeScenario.Scenario s = BikeScenario.generate(new BikeScenario.Options(
                zones, bikes, d.start(), hours, d.peakAt(), d.locateMinutes(), d.blacklistShare(), seed));
        BikeScenario.write(s, out);
        System.out.printf(
                "wrote %s: %d zones, %d blacklist records, %,d events (%d redelivered, %d malformed)%n",
                out, s.zones().size(), s.blacklist().size(), s.eventLines().size(), s.duplicates(), s.malformed());
        return 0;
    }
}
