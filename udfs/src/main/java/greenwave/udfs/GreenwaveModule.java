package greenwave.udfs;

import greenwave.udfs.functions.ContractError;
import greenwave.udfs.functions.ContractKey;
import greenwave.udfs.functions.ContractValid;
import greenwave.udfs.functions.DayPeriod;
import greenwave.udfs.functions.DegreeOfSaturation;
import greenwave.udfs.functions.GeoBearingDeg;
import greenwave.udfs.functions.GeoDistanceM;
import greenwave.udfs.functions.HcmUniformDelayS;
import greenwave.udfs.functions.InPolygon;
import greenwave.udfs.functions.LevelOfService;
import greenwave.udfs.functions.TimeBucket;
import greenwave.udfs.functions.WebsterCycleS;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.module.Module;

/**
 * greenwave's SQL functions as a Flink module: {@code LOAD MODULE greenwave;} in any Flink SQL session with the udfs
 * jar on the classpath (see {@link GreenwaveModuleFactory}), or
 * {@code tableEnv.loadModule(GreenwaveModule.NAME, new GreenwaveModule())}. Function names are case-insensitive, as
 * every SQL function name; see udfs/README.md for what each does.
 */
public final class GreenwaveModule implements Module {
    /** The module's name, as in {@code LOAD MODULE greenwave}. */
    public static final String NAME = "greenwave";

    private static final Map<String, Supplier<FunctionDefinition>> FUNCTIONS =
            Collections.unmodifiableMap(new TreeMap<>(Map.ofEntries(
                    Map.entry("geo_distance_m", GeoDistanceM::new),
                    Map.entry("geo_bearing_deg", GeoBearingDeg::new),
                    Map.entry("in_polygon", InPolygon::new),
                    Map.entry("webster_cycle_s", WebsterCycleS::new),
                    Map.entry("hcm_uniform_delay_s", HcmUniformDelayS::new),
                    Map.entry("degree_of_saturation", DegreeOfSaturation::new),
                    Map.entry("level_of_service", LevelOfService::new),
                    Map.entry("time_bucket", TimeBucket::new),
                    Map.entry("day_period", DayPeriod::new),
                    Map.entry("contract_error", ContractError::new),
                    Map.entry("contract_valid", ContractValid::new),
                    Map.entry("contract_key", ContractKey::new))));

    /** Every function's name, lower case. */
    @Override
    public Set<String> listFunctions() {
        return FUNCTIONS.keySet();
    }

    /** A new instance of the function (each call site gets its own, e.g. its own IN_POLYGON zone cache). */
    @Override
    public Optional<FunctionDefinition> getFunctionDefinition(String name) {
        Supplier<FunctionDefinition> function = FUNCTIONS.get(name.toLowerCase(Locale.ROOT));
        return function == null ? Optional.empty() : Optional.of(function.get());
    }
}
