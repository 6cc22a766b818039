package greenwave.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import greenwave.deploy.DeployFiles.K8sObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' ingress NetworkPolicy semantics over the policies of the manifests, offline: which policies select a
 * pod, and whether a pod may open a connection to another on a port. Enough for the manifests here: podSelector and
 * namespaceSelector peers (namespaces are not modelled by label, so only an empty namespaceSelector, "every
 * namespace", matches), numeric ports; ipBlock peers and named ports never match.
 */
final class NetworkPolicies {

    /** A pod as the policies see it: its namespace and labels. */
    record Pod(String description, String namespace, Map<String, String> labels) {
        @Override
        public String toString() {
            return description;
        }
    }

    private final List<K8sObject> policies;

    NetworkPolicies(List<K8sObject> objects) {
        this.policies = DeployFiles.ofKind(objects, "NetworkPolicy");
    }

    List<K8sObject> all() {
        return policies;
    }

    /** The policies that isolate {@code pod} for ingress (select it and govern ingress). */
    List<K8sObject> selecting(Pod pod) {
        List<K8sObject> out = new ArrayList<>();
        for (K8sObject p : policies) {
            if (p.namespace().equals(pod.namespace())
                    && governsIngress(p)
                    && matches(p.spec().path("podSelector"), pod.labels())) {
                out.add(p);
            }
        }
        return out;
    }

    /** The selecting policies that allow something (have an ingress rule). */
    List<K8sObject> allowing(Pod pod) {
        return selecting(pod).stream()
                .filter(p -> !p.spec().path("ingress").isEmpty())
                .toList();
    }

    /** Whether {@code from} may connect to {@code to} on TCP {@code port}. */
    boolean admits(Pod from, Pod to, int port) {
        List<K8sObject> isolating = selecting(to);
        if (isolating.isEmpty()) {
            return true; // a pod no policy selects accepts everything
        }
        for (K8sObject p : isolating) {
            for (JsonNode rule : p.spec().path("ingress")) {
                if (portMatches(rule.path("ports"), port) && peerMatches(rule.path("from"), p.namespace(), from)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean governsIngress(K8sObject policy) {
        JsonNode types = policy.spec().path("policyTypes");
        if (types.isMissingNode() || types.isEmpty()) {
            return true; // Kubernetes' default: Ingress always, Egress only with egress rules
        }
        for (JsonNode t : types) {
            if (t.asText().equals("Ingress")) {
                return true;
            }
        }
        return false;
    }

    private static boolean portMatches(JsonNode ports, int port) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode p : ports) {
            if (p.path("protocol").asText("TCP").equals("TCP") && p.path("port").isInt()) {
                int first = p.path("port").asInt();
                int last = p.path("endPort").asInt(first);
                if (port >= first && port <= last) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean peerMatches(JsonNode peers, String policyNamespace, Pod from) {
        if (peers.isMissingNode() || peers.isEmpty()) {
            return true; // no from: every source
        }
        for (JsonNode peer : peers) {
            boolean hasPods = peer.has("podSelector");
            boolean hasNamespaces = peer.has("namespaceSelector");
            if (!hasPods && !hasNamespaces) {
                continue; // ipBlock
            }
            boolean namespaceOk = hasNamespaces
                    ? peer.path("namespaceSelector").isEmpty()
                    : from.namespace().equals(policyNamespace);
            boolean podOk = !hasPods || matches(peer.path("podSelector"), from.labels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    /** A label selector (matchLabels and matchExpressions) against labels; the empty selector matches all. */
    static boolean matches(JsonNode selector, Map<String, String> labels) {
        for (Map.Entry<String, JsonNode> e : iterable(selector.path("matchLabels"))) {
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            String value = labels.get(key);
            boolean ok = switch (expression.path("operator").asText()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new AssertionError("selector operator " + expression.path("operator"));
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
        return fields.entrySet();
    }
}
