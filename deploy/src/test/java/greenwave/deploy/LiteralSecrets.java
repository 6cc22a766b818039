package greenwave.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds credentials written into deployment files: a value given to a key named like a password, secret, access key,
 * root user, token or JAAS line that is a literal instead of a reference. Where keys appear: mapping keys, Kubernetes
 * env entries ({@code name:}/{@code value:}), and inside strings ({@code KEY=value}, {@code key: value} lines of
 * embedded YAML such as FLINK_PROPERTIES, {@code -Dkey=value}, {@code password="..."} of a JAAS line), plus the key
 * pair of {@code mc alias set}.
 */
final class LiteralSecrets {

    /** Key names that carry credentials. */
    static final Pattern SENSITIVE_KEY =
            Pattern.compile("(?i).*(password|passwd|secret|access[-_.]?key|root[-_.]?user|token|credential|jaas).*");
    /** ... except those naming the object that holds them (secretName: greenwave-job). */
    static final Pattern REFERENCE_KEY = Pattern.compile("(?i).*(name|ref|refs)");

    /** {@code key=value} or {@code key: value} inside a string, the key being sensitive. */
    static final Pattern ASSIGNMENT_IN_TEXT = Pattern.compile(
            "(?i)([A-Za-z0-9_.-]*(?:password|passwd|secret|access[-_.]?key|root[-_.]?user|token)[A-Za-z0-9_.-]*)"
                    + "\\s*(?:=|:\\s)\\s*(\"[^\"]*\"|'[^']*'|[^\\s;]+)");
    /** MinIO's client takes the key pair as positional arguments. */
    static final Pattern MC_ALIAS = Pattern.compile("mc alias set \\S+ \\S+ (\\S+) (\\S+)");

    /**
     * What may stand where a credential goes: nothing; a compose variable without a default ({@code ${VAR}},
     * {@code ${VAR:?message}}); a shell variable ({@code $VAR}, {@code $$VAR} in compose); a Kafka config provider
     * reference ({@code ${dir:...}}); a {@code <placeholder>}. A default ({@code ${VAR:-value}}) would put the secret in
     * the repository again.
     */
    static final Pattern REFERENCE = Pattern.compile(String.join(
            "|",
            "",
            "\\$\\{[A-Za-z_][A-Za-z0-9_]*(?::?\\?[^}]*)?}",
            "\\$\\$?\\{?[A-Za-z_][A-Za-z0-9_]*}?",
            "\\$\\{(?:dir|file|env):[^}]+}",
            "<[^<>]+>"));

    private LiteralSecrets() {}

    /** The literal credentials in a YAML document, each as "where: key = value". */
    static List<String> find(JsonNode doc) {
        List<String> found = new ArrayList<>();
        walk("", doc, found);
        return found;
    }

    static boolean isReference(String value) {
        String v = value.strip();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            v = v.substring(1, v.length() - 1);
        }
        return REFERENCE.matcher(v).matches();
    }

    private static void walk(String path, JsonNode node, List<String> found) {
        if (node.isObject()) {
            // a Kubernetes env entry: the key is the value of name:
            if (node.has("name") && node.path("value").isValueNode()) {
                check(path, node.path("name").asText(), node.path("value").asText(), found);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String where = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (e.getValue().isValueNode()) {
                    check(where, e.getKey(), e.getValue().asText(), found);
                }
                walk(where, e.getValue(), found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(path + "[" + i + "]", node.get(i), found);
            }
        } else if (node.isTextual()) {
            scanText(path, node.asText(), found);
        }
    }

    private static void check(String where, String key, String value, List<String> found) {
        if (SENSITIVE_KEY.matcher(key).matches() && !REFERENCE_KEY.matcher(key).matches() && !isReference(value)) {
            found.add(where + ": " + key + " = " + value);
        }
    }

    private static void scanText(String where, String text, List<String> found) {
        Matcher m = ASSIGNMENT_IN_TEXT.matcher(text);
        while (m.find()) {
            if (!REFERENCE_KEY.matcher(m.group(1)).matches() && !isReference(m.group(2))) {
                found.add(where + ": " + m.group(1) + " = " + m.group(2));
            }
        }
        Matcher mc = MC_ALIAS.matcher(text);
        while (mc.find()) {
            for (int g = 1; g <= 2; g++) {
                if (!isReference(mc.group(g))) {
                    found.add(where + ": mc alias key pair = " + mc.group(g));
                }
            }
        }
    }
}
