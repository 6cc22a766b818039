package greenwave.udfs;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.ModuleFactory;
import org.apache.flink.table.module.Module;

/**
 * Lets {@code LOAD MODULE greenwave;} find {@link GreenwaveModule}: Flink discovers this factory through
 * {@code META-INF/services/org.apache.flink.table.factories.Factory}. The module takes no options.
 */
public final class GreenwaveModuleFactory implements ModuleFactory {

    @Override
    public String factoryIdentifier() {
        return GreenwaveModule.NAME;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    @Override
    public Module createModule(Context context) {
        FactoryUtil.createModuleFactoryHelper(this, context).validate(); // rejects any option given
        return new GreenwaveModule();
    }
}
