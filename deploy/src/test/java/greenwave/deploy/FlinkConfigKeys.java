package greenwave.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;

/**
 * The configuration keys Flink 2.0 knows, collected by reflection from the public static {@link ConfigOption} fields of
 * every {@code *Options} class in the Flink jars on the test class path: flink-core's
 * {@code org.apache.flink.configuration.*Options} (checkpointing, state backends, high availability, memory, REST, ...),
 * RocksDB's, the SQL gateway's and, from flink-kubernetes (a test dependency for this), {@code KubernetesConfigOptions}
 * and {@code KubernetesHighAvailabilityOptions}. Each option's deprecated and fallback keys are collected too, so that
 * a deprecated key is reported as such instead of as unknown.
 *
 * <p>Keys that are not ConfigOptions of these jars are listed explicitly, each verified in the documentation:
 * {@link #OPERATOR_KEYS} and {@link #S3_PLUGIN_KEYS}.
 */
final class FlinkConfigKeys {

    /**
     * Flink Kubernetes Operator settings that may be given per deployment in {@code flinkConfiguration} (operator
     * documentation, "Configuration" reference and "Job management" / savepoint management pages). The operator is
     * not a Maven dependency, so these are listed by hand.
     */
    static final Set<String> OPERATOR_KEYS = Set.of(
            "kubernetes.operator.periodic.savepoint.interval",
            "kubernetes.operator.savepoint.history.max.count",
            "kubernetes.operator.job.upgrade.last-state-fallback.enabled");

    /**
     * Keys of Flink's S3 filesystem plugins (flink-s3-fs-hadoop / -presto, loaded from plugins/, not on this class
     * path): the plugins pass {@code s3.*} to their S3 client (Flink documentation, "Amazon S3": "Configure Access
     * Credentials", "Configure Non-S3 Endpoint", "Configure Path Style Access").
     */
    static final Set<String> S3_PLUGIN_KEYS =
            Set.of("s3.endpoint", "s3.path.style.access", "s3.access-key", "s3.secret-key");

    /** The SQL gateway's REST endpoint options are declared without their prefix. */
    private static final Map<String, String> KEY_PREFIX_OF_CLASS =
            Map.of("org.apache.flink.table.gateway.rest.util.SqlGatewayRestOptions", "sql-gateway.endpoint.rest.");

    private static volatile FlinkConfigKeys shared;

    private final Map<String, String> current = new TreeMap<>(); // key -> declaring class
    private final Map<String, String> deprecated = new TreeMap<>(); // deprecated key -> its current key
    private final Set<String> classes = new LinkedHashSet<>();

    private FlinkConfigKeys() {}

    /** The keys of the Flink jars on the class path (collected once). */
    static FlinkConfigKeys flink() {
        if (shared == null) {
            synchronized (FlinkConfigKeys.class) {
                if (shared == null) {
                    shared = collect();
                }
            }
        }
        return shared;
    }

    /** The verdict on one key: null when Flink knows it under this name, else why not. */
    String problem(String key) {
        if (current.containsKey(key) || OPERATOR_KEYS.contains(key) || S3_PLUGIN_KEYS.contains(key)) {
            return null;
        }
        if (deprecated.containsKey(key)) {
            return key + " is deprecated in Flink 2.0: use " + deprecated.get(key);
        }
        return key + " is not a Flink 2.0 configuration key";
    }

    /** The problems of every key of {@code config} (flattened), in key order. */
    List<String> problems(Map<String, ?> config) {
        List<String> out = new ArrayList<>();
        for (String key : new TreeMap<>(config).keySet()) {
            String p = problem(key);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    int size() {
        return current.size();
    }

    Set<String> classes() {
        return Collections.unmodifiableSet(classes);
    }

    boolean isDeprecated(String key) {
        return deprecated.containsKey(key) && !current.containsKey(key);
    }

    private static FlinkConfigKeys collect() {
        FlinkConfigKeys keys = new FlinkConfigKeys();
        ClassLoader loader = FlinkConfigKeys.class.getClassLoader();
        for (String className : optionClassNames(loader)) {
            Class<?> c;
            try {
                c = Class.forName(className, true, loader);
            } catch (Throwable e) {
                continue; // a class that needs an absent dependency declares no option we could use anyway
            }
            String prefix = KEY_PREFIX_OF_CLASS.getOrDefault(className, "");
            boolean any = false;
            for (Field f : c.getFields()) {
                if (!Modifier.isStatic(f.getModifiers()) || !ConfigOption.class.isAssignableFrom(f.getType())) {
                    continue;
                }
                ConfigOption<?> option;
                try {
                    option = (ConfigOption<?>) f.get(null);
                } catch (IllegalAccessException e) {
                    continue;
                }
                String key = prefix + option.key();
                if (!key.contains(".")) {
                    continue; // relative keys (table hints, connector options) are no cluster configuration
                }
                any = true;
                keys.current.put(key, c.getSimpleName());
                for (FallbackKey fallback : option.fallbackKeys()) {
                    String old = prefix + fallback.getKey();
                    if (fallback.isDeprecated()) {
                        keys.deprecated.putIfAbsent(old, key);
                    } else {
                        keys.current.putIfAbsent(old, c.getSimpleName());
                    }
                }
            }
            if (any) {
                keys.classes.add(className);
            }
        }
        return keys;
    }

    /** {@code *Options} classes of the flink-* jars on the class path, except connectors' and formats'. */
    private static Set<String> optionClassNames(ClassLoader loader) {
        Set<String> names = new LinkedHashSet<>();
        try {
            // Every jar has a manifest: this finds the jars even when surefire hides the class path in a manifest jar.
            Enumeration<URL> manifests = loader.getResources("META-INF/MANIFEST.MF");
            while (manifests.hasMoreElements()) {
                URL url = manifests.nextElement();
                if (!"jar".equals(url.getProtocol())) {
                    continue;
                }
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                String jarName = connection.getJarFileURL().getPath();
                jarName = jarName.substring(jarName.lastIndexOf('/') + 1);
                if (!jarName.startsWith("flink-")) {
                    continue;
                }
                try (JarFile jar = connection.getJarFile()) {
                    for (JarEntry e : Collections.list(jar.entries())) {
                        String n = e.getName();
                        if (!n.startsWith("org/apache/flink/")
                                || !n.endsWith("Options.class")
                                || n.contains("$")
                                || n.contains("/shaded/")
                                || n.contains("/connector")
                                || n.contains("/formats/")) {
                            continue;
                        }
                        names.add(n.substring(0, n.length() - ".class".length()).replace('/', '.'));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
