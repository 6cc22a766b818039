package greenwave.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The files under {@code deploy/} and their YAML documents. */
final class DeployFiles {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DeployFiles() {}

    /** The repository root: the {@code greenwave.repo} property surefire sets, else the nearest parent with deploy/. */
    static Path repo() {
        String configured = System.getProperty("greenwave.repo");
        if (configured != null && Files.isDirectory(Path.of(configured, "deploy"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no deploy/ above " + Path.of("").toAbsolutePath());
    }

    static Path deploy() {
        return repo().resolve("deploy");
    }

    /** Every YAML file under {@code dir}, build output excluded, sorted. */
    static List<Path> yamlFiles(Path dir) {
        Predicate<Path> yaml = p -> {
            String n = p.getFileName().toString();
            return n.endsWith(".yaml") || n.endsWith(".yml");
        };
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(yaml)
                    .filter(p ->
                            !dir.relativize(p).toString().replace('\\', '/').matches("(.*/)?target/.*"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of a (multi-document) YAML file; empty documents are left out. */
    static List<JsonNode> documents(Path file) {
        try (MappingIterator<JsonNode> it =
                YAML.readerFor(JsonNode.class).readValues(YAML.getFactory().createParser(file.toFile()))) {
            List<JsonNode> docs = new ArrayList<>();
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The documents of a YAML text. */
    static JsonNode parse(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Every Kubernetes object under deploy/k8s, with the file it is in. */
    static List<K8sObject> k8sObjects() {
        List<K8sObject> out = new ArrayList<>();
        for (Path f : yamlFiles(deploy().resolve("k8s"))) {
            for (JsonNode doc : documents(f)) {
                out.add(new K8sObject(f, doc));
            }
        }
        return out;
    }

    /** The objects of one kind. */
    static List<K8sObject> ofKind(List<K8sObject> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.kind())).toList();
    }

    /** The single object of one kind and name. */
    static K8sObject one(List<K8sObject> objects, String kind, String name) {
        List<K8sObject> found = objects.stream()
                .filter(o -> kind.equals(o.kind()) && name.equals(o.name()))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + " " + name + " under deploy/k8s, found " + found.size());
        }
        return found.get(0);
    }

    /**
     * A mapping flattened to dotted keys ({@code a: {b: 1}} -> {@code a.b=1}), as Flink reads nested YAML; scalars as
     * text.
     */
    static Map<String, String> flatten(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", node, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.put(prefix, node.isValueNode() ? node.asText() : node.toString());
        }
    }

    /** Every string value anywhere in a document (keys excluded). */
    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        collectStrings(node, out);
        return out;
    }

    private static void collectStrings(JsonNode node, List<String> out) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isContainerNode()) {
            node.elements().forEachRemaining(n -> collectStrings(n, out));
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Kubernetes object of a manifest. */
    record K8sObject(Path file, JsonNode doc) {
        String apiVersion() {
            return doc.path("apiVersion").asText(null);
        }

        String kind() {
            return doc.path("kind").asText(null);
        }

        String name() {
            return doc.path("metadata").path("name").asText(null);
        }

        String namespace() {
            return doc.path("metadata").path("namespace").asText(null);
        }

        JsonNode spec() {
            return doc.path("spec");
        }

        @Override
        public String toString() {
            return kind() + " " + name() + " (" + file.getFileName() + ")";
        }
    }
}
