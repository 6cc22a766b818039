package greenwave.deploy;

import static greenwave.deploy.DeployFiles.deploy;
import static greenwave.deploy.DeployFiles.documents;
import static greenwave.deploy.DeployFiles.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import greenwave.config.GreenwaveConfig;
import greenwave.deploy.DeployFiles.K8sObject;
import greenwave.deploy.NetworkPolicies.Pod;
import greenwave.jobs.common.TransactionTimeout;
import greenwave.schemas.Contract;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offline checks of the deployment files under {@code deploy/}: everything there parses; the Kubernetes
 * objects are well formed; the FlinkDeployment runs the shaded jar's entry class with checkpoints, savepoints and HA
 * on object storage; every Flink configuration key (FlinkDeployment and compose) is one Flink 2.0 knows; the greenwave
 * configurations load with {@link GreenwaveConfig} and agree with the Flink, Kafka and Iceberg settings around them;
 * the topics are exactly the contract's; Kafka authenticates every client and only the job's principal may write the
 * command topics; the compose services reference each other consistently; nothing is exposed beyond what needs it
 * (loopback-only compose ports, ClusterIP Services, NetworkPolicies checked path by path) and no file holds a literal
 * credential.
 */
class DeployManifestsTest {

    /** The shaded jar's entry class and file name (the deploy module builds them). */
    static final String CLUSTER_JOB = "greenwave.cluster.ClusterJob";

    static final String CLUSTER_JAR = "greenwave-cluster.jar";
    static final String NAMESPACE = "greenwave";
    static final String CONF_DIR = "/opt/greenwave/conf";
    static final String REFERENCE_DIR = "/opt/greenwave/reference";

    static final Pattern SERVICE_URL =
            Pattern.compile("([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc(?:\\.cluster\\.local)?:(\\d+)");
    static final Pattern HOST_PORT = Pattern.compile("(?<![\\w.-])([a-z][a-z0-9-]*):(\\d{2,5})\\b");
    static final Pattern DYNAMIC_PROPERTY = Pattern.compile("-D([^=\\s]+)=(.*)");
    static final Pattern TOPIC_LINE = Pattern.compile("(?m)^topic (\\S+) (\\d+)(?: (\\S+))?\\s*$");

    // ---------------------------------------------------------------------------------------------------------------
    // Well-formed files

    @Test
    void everyYamlUnderDeployParses() {
        List<Path> files = DeployFiles.yamlFiles(deploy());
        assertThat(files)
                .extracting(f -> deploy().relativize(f).toString().replace('\\', '/'))
                .contains(
                        "k8s/flink/greenwave-job.yaml",
                        "k8s/config/greenwave.yaml",
                        "k8s/kafka/topics.yaml",
                        "k8s/iceberg/rest-catalog.yaml",
                        "compose/docker-compose.yaml",
                        "compose/greenwave.yaml");
        for (Path f : files) {
            assertThat(documents(f)).as("documents of %s", f).isNotEmpty();
        }
    }

    @Test
    void everyKubernetesObjectHasApiVersionKindNameAndTheNamespace() {
        List<K8sObject> objects = DeployFiles.k8sObjects();
        assertThat(objects).hasSizeGreaterThan(20);
        for (K8sObject o : objects) {
            assertThat(o.apiVersion())
                    .as("apiVersion of a document in %s", o.file())
                    .isNotBlank();
            assertThat(o.kind()).as("kind of a document in %s", o.file()).isNotBlank();
            assertThat(o.name()).as("metadata.name of %s", o).isNotBlank();
            if (o.kind().equals("Namespace")) {
                assertThat(o.name()).isEqualTo(NAMESPACE);
            } else {
                assertThat(o.namespace()).as("metadata.namespace of %s", o).isEqualTo(NAMESPACE);
            }
        }
        Map<String, Long> duplicates = objects.stream()
                .collect(Collectors.groupingBy(o -> o.kind() + "/" + o.name(), TreeMap::new, Collectors.counting()));
        duplicates.values().removeIf(n -> n == 1);
        assertThat(duplicates).as("objects defined twice").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The FlinkDeployment

    @Test
    void flinkDeploymentRunsTheShadedJarsEntryClassFromSavepoints() throws Exception {
        List<K8sObject> objects = DeployFiles.k8sObjects();
        K8sObject fd = one(objects, "FlinkDeployment", "greenwave");
        JsonNode spec = fd.spec();
        assertThat(fd.apiVersion()).isEqualTo("flink.apache.org/v1beta1");
        assertThat(spec.path("flinkVersion").asText()).isEqualTo("v2_0");

        JsonNode job = spec.path("job");
        assertThat(job.path("entryClass").asText()).isEqualTo(CLUSTER_JOB);
        URI jar = URI.create(job.path("jarURI").asText());
        assertThat(jar.getScheme()).isEqualTo("local");
        assertThat(jar.getPath()).isEqualTo("/opt/flink/usrlib/" + CLUSTER_JAR);
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(job.path("state").asText()).isEqualTo("running");
        assertThat(job.path("parallelism").asInt()).isPositive();
        List<String> args = new ArrayList<>();
        job.path("args").forEach(a -> args.add(a.asText()));
        assertThat(args)
                .containsSubsequence("--config", CONF_DIR + "/greenwave.yaml")
                .containsSubsequence("--reference", REFERENCE_DIR);
        assertEntryClassResolves();

        // the image: FROM flink 2.0 / Java 17, the jar where jarURI says
        String dockerfile = DeployFiles.read(deploy().resolve("Dockerfile"));
        assertThat(dockerfile)
                .containsPattern("(?m)^FROM flink:2\\.0[.\\d]*-java17\\s*$")
                .containsPattern("(?m)^COPY .*\\S+/" + Pattern.quote(CLUSTER_JAR) + " " + Pattern.quote(jar.getPath())
                        + "\\s*$");

        Map<String, String> conf = DeployFiles.flatten(spec.path("flinkConfiguration"));
        assertThat(conf)
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("execution.checkpointing.incremental", "true")
                .containsEntry("high-availability.type", "kubernetes")
                .containsEntry("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        for (String dir : List.of(
                "execution.checkpointing.dir",
                "execution.checkpointing.savepoint-dir",
                "high-availability.storageDir")) {
            assertThat(conf.get(dir)).as(dir).startsWith("s3://");
        }
        // resources of both process kinds, and slots x TaskManagers able to run the parallelism
        for (String process : List.of("jobManager", "taskManager")) {
            JsonNode resource = spec.path(process).path("resource");
            assertThat(resource.path("memory").asText()).as(process + " memory").matches("\\d+[mg]");
            assertThat(resource.path("cpu").asDouble()).as(process + " cpu").isPositive();
        }
        assertThat(Integer.parseInt(conf.get("taskmanager.numberOfTaskSlots")))
                .as("slots per TaskManager = its CPUs")
                .isEqualTo(spec.path("taskManager").path("resource").path("cpu").asInt());
    }

    /** The entry class resolves on the project's class path and has a public static main. */
    private static void assertEntryClassResolves() throws Exception {
        Class<?> c = Class.forName(CLUSTER_JOB, false, DeployManifestsTest.class.getClassLoader());
        Method main = c.getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers()) && Modifier.isPublic(main.getModifiers()))
                .as(CLUSTER_JOB + ".main is public static")
                .isTrue();
    }

    @Test
    void flinkDeploymentsMountTheConfigurationTheReferenceFilesAndTheS3Credentials() {
        List<K8sObject> objects = DeployFiles.k8sObjects();
        List<K8sObject> deployments = DeployFiles.ofKind(objects, "FlinkDeployment");
        assertThat(deployments).extracting(K8sObject::name).contains("greenwave", "greenwave-session");
        deployments.forEach(DeployManifestsTest::assertMounts);

        // greenwave-config is a manifest with greenwave.yaml; greenwave-reference is made from the city's files
        assertThat(one(objects, "ConfigMap", "greenwave-config")
                        .doc()
                        .path("data")
                        .has("greenwave.yaml"))
                .isTrue();
        assertThat(DeployFiles.read(deploy().resolve("README.md")))
                .contains("kubectl create configmap greenwave-reference");

        // every Secret referenced anywhere is defined, by a manifest or by deploy/README.md's kubectl create secret
        // (the credentials are not in the repository), with the keys referenced
        Map<String, Set<String>> secrets = documentedSecrets();
        for (K8sObject secret : DeployFiles.ofKind(objects, "Secret")) {
            Set<String> keys = new TreeSet<>();
            secret.doc().path("stringData").fieldNames().forEachRemaining(keys::add);
            secret.doc().path("data").fieldNames().forEachRemaining(keys::add);
            secrets.put(secret.name(), keys);
        }
        Set<String> secretRefs = new TreeSet<>();
        for (K8sObject o : objects) {
            o.doc()
                    .findValues("secretRef")
                    .forEach(s -> secretRefs.add(s.path("name").asText()));
            for (JsonNode ref : o.doc().findValues("secretKeyRef")) {
                assertThat(secrets)
                        .as("Secrets defined")
                        .containsKey(ref.path("name").asText());
                assertThat(secrets.get(ref.path("name").asText()))
                        .as(
                                "keys of Secret %s referenced by %s",
                                ref.path("name").asText(), o)
                        .contains(ref.path("key").asText());
            }
        }
        assertThat(secretRefs).contains("greenwave-s3");
        assertThat(secrets.keySet()).as("Secrets defined").containsAll(secretRefs);
        assertThat(secrets.get("greenwave-s3")).contains("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION");
    }

    static final Pattern CREATE_SECRET =
            Pattern.compile("kubectl create secret generic (\\S+)((?:[^\\n]*\\\\\\n)*[^\\n]*)");
    static final Pattern FROM_LITERAL = Pattern.compile("--from-literal=([A-Za-z0-9_.-]+)=");

    /** The Secrets deploy/README.md creates with {@code kubectl create secret generic}, and their keys. */
    static Map<String, Set<String>> documentedSecrets() {
        Map<String, Set<String>> secrets = new TreeMap<>();
        Matcher m = CREATE_SECRET.matcher(DeployFiles.read(deploy().resolve("README.md")));
        while (m.find()) {
            Set<String> keys = secrets.computeIfAbsent(m.group(1), k -> new TreeSet<>());
            Matcher key = FROM_LITERAL.matcher(m.group(2));
            while (key.find()) {
                keys.add(key.group(1));
            }
        }
        return secrets;
    }

    /** The pod template mounts greenwave-config and greenwave-reference where ClusterJob's arguments point. */
    private static void assertMounts(K8sObject fd) {
        JsonNode pod = fd.spec().path("podTemplate").path("spec");
        JsonNode main = null;
        for (JsonNode c : pod.path("containers")) {
            if (c.path("name").asText().equals("flink-main-container")) {
                main = c;
            }
        }
        assertThat(main).as("the pod template's flink-main-container").isNotNull();

        Map<String, String> volumeToConfigMap = new HashMap<>();
        pod.path("volumes")
                .forEach(v -> volumeToConfigMap.put(
                        v.path("name").asText(),
                        v.path("configMap").path("name").asText(null)));
        Map<String, String> mountToConfigMap = new HashMap<>();
        main.path("volumeMounts")
                .forEach(m -> mountToConfigMap.put(
                        m.path("mountPath").asText(),
                        volumeToConfigMap.get(m.path("name").asText())));
        assertThat(mountToConfigMap)
                .as("mounts of %s", fd)
                .containsEntry(CONF_DIR, "greenwave-config")
                .containsEntry(REFERENCE_DIR, "greenwave-reference");
        assertThat(main.path("envFrom").toString())
                .as("S3 credentials of %s", fd)
                .contains("greenwave-s3");
    }

    @Test
    void sessionVariantRunsTheSameJobOnTheSessionCluster(@TempDir Path tmp) throws Exception {
        List<K8sObject> objects = DeployFiles.k8sObjects();
        K8sObject sessionJob = one(objects, "FlinkSessionJob", "greenwave");
        K8sObject session = one(
                objects,
                "FlinkDeployment",
                sessionJob.spec().path("deploymentName").asText());
        assertThat(session.spec().has("job"))
                .as("%s is a session cluster (no job)", session)
                .isFalse();
        assertThat(session.spec().path("flinkVersion").asText()).isEqualTo("v2_0");
        // the same state settings as the application deployment
        Map<String, String> app = DeployFiles.flatten(
                one(objects, "FlinkDeployment", "greenwave").spec().path("flinkConfiguration"));
        assertThat(DeployFiles.flatten(session.spec().path("flinkConfiguration")))
                .isEqualTo(app);

        JsonNode job = sessionJob.spec().path("job");
        assertThat(job.path("entryClass").asText()).isEqualTo(CLUSTER_JOB);
        assertThat(URI.create(job.path("jarURI").asText()).getPath()).endsWith("/" + CLUSTER_JAR);
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        List<String> args = new ArrayList<>();
        job.path("args").forEach(a -> args.add(a.asText()));
        assertThat(args)
                .containsSubsequence("--config", CONF_DIR + "/greenwave.yaml")
                .containsSubsequence("--reference", REFERENCE_DIR);
        GreenwaveConfig config = clusterConfig(objects, tmp);
        assertThat(job.path("parallelism").asInt()).isEqualTo(config.flink().parallelism());

        // the SQL gateway submits to the session cluster's REST service (created by the operator: <name>-rest)
        K8sObject gateway = one(objects, "Deployment", "flink-sql-gateway");
        assertThat(gateway.spec()
                        .path("template")
                        .path("spec")
                        .path("containers")
                        .get(0)
                        .path("image")
                        .asText())
                .as("the SQL gateway runs the cluster's image")
                .isEqualTo(session.spec().path("image").asText());
        Map<String, String> gatewayConf = dynamicProperties(commandOf(
                gateway.spec().path("template").path("spec").path("containers").get(0)));
        assertThat(gatewayConf.get("rest.address")).isEqualTo(session.name() + "-rest." + NAMESPACE + ".svc");
        assertThat(gatewayConf.get("sql-gateway.endpoint.rest.port"))
                .isEqualTo(String.valueOf(one(objects, "Service", "flink-sql-gateway")
                        .spec()
                        .path("ports")
                        .get(0)
                        .path("port")
                        .asInt()));
    }

    static Map<String, String> dynamicProperties(List<String> args) {
        Map<String, String> conf = new LinkedHashMap<>();
        for (String arg : args) {
            Matcher m = DYNAMIC_PROPERTY.matcher(arg);
            if (m.matches()) {
                conf.put(m.group(1), m.group(2));
            }
        }
        return conf;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Flink configuration keys

    @Test
    void keyCheckerKnowsFlinksKeysAndRejectsMadeUpOnes() {
        FlinkConfigKeys keys = FlinkConfigKeys.flink();
        assertThat(keys.size()).as("keys collected").isGreaterThan(500);
        assertThat(keys.classes())
                .contains(
                        "org.apache.flink.configuration.CheckpointingOptions",
                        "org.apache.flink.configuration.HighAvailabilityOptions",
                        "org.apache.flink.configuration.StateBackendOptions",
                        "org.apache.flink.kubernetes.configuration.KubernetesConfigOptions");
        assertThat(keys.problem("execution.checkpointing.dir")).isNull();
        assertThat(keys.problem("kubernetes.cluster-id")).isNull();
        assertThat(keys.problem("high-availability.kubernetes.leader-election.lease-duration"))
                .isNull();
        assertThat(keys.problem("sql-gateway.endpoint.rest.address")).isNull();
        assertThat(keys.problem("state.backend.rocksdb.localdir")).isNull();
        // made up, misspelt, relative
        assertThat(keys.problem("execution.checkpointing.directory")).contains("not a Flink 2.0 configuration key");
        assertThat(keys.problem("state.backend.incremental.enabled")).contains("not a Flink 2.0 configuration key");
        assertThat(keys.problem("port")).contains("not a Flink 2.0 configuration key");
        // renamed in Flink 1.20/2.0: known, but reported with the new name
        assertThat(keys.problem("state.checkpoints.dir"))
                .contains("deprecated")
                .contains("execution.checkpointing.dir");
        assertThat(keys.problems(Map.of("taskmanager.numberOfTaskSlots", "4", "parallelism.defualt", "2")))
                .containsExactly("parallelism.defualt is not a Flink 2.0 configuration key");
    }

    @Test
    void everyFlinkConfigurationKeyIsOneFlink20Knows() {
        FlinkConfigKeys keys = FlinkConfigKeys.flink();
        Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        for (K8sObject o : DeployFiles.k8sObjects()) {
            if (o.kind().equals("FlinkDeployment") || o.kind().equals("FlinkSessionJob")) {
                Map<String, String> conf = DeployFiles.flatten(o.spec().path("flinkConfiguration"));
                if (!conf.isEmpty() || o.kind().equals("FlinkDeployment")) {
                    configs.put(o.toString(), conf);
                }
            }
            if (o.kind().equals("Deployment")) {
                for (JsonNode c : o.spec().path("template").path("spec").path("containers")) {
                    Map<String, String> conf = dynamicProperties(commandOf(c));
                    if (!conf.isEmpty()) {
                        configs.put(o + " " + c.path("name").asText(), conf);
                    }
                }
            }
        }
        composeServices().forEach((name, service) -> {
            Map<String, String> conf = new LinkedHashMap<>();
            String properties =
                    service.path("environment").path("FLINK_PROPERTIES").asText(null);
            if (properties != null) {
                conf.putAll(DeployFiles.flatten(DeployFiles.parse(properties)));
            }
            conf.putAll(dynamicProperties(commandOf(service)));
            if (!conf.isEmpty()) {
                configs.put("compose service " + name, conf);
            }
        });
        assertThat(configs).hasSizeGreaterThanOrEqualTo(8);
        Map<String, List<String>> problems = new TreeMap<>();
        configs.forEach((where, conf) -> {
            assertThat(conf).as(where).isNotEmpty();
            List<String> p = keys.problems(conf);
            if (!p.isEmpty()) {
                problems.put(where, p);
            }
        });
        assertThat(problems)
                .as("unknown or deprecated Flink configuration keys")
                .isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The greenwave configuration and what it must agree with

    @Test
    void clusterConfigMapLoadsAndAgreesWithFlinkKafkaAndTheCatalog(@TempDir Path tmp) throws Exception {
        List<K8sObject> objects = DeployFiles.k8sObjects();
        GreenwaveConfig config = clusterConfig(objects, tmp);

        // Flink: the cluster's values win in ClusterJob; both are held equal
        JsonNode spec = one(objects, "FlinkDeployment", "greenwave").spec();
        Map<String, String> flink = DeployFiles.flatten(spec.path("flinkConfiguration"));
        assertThat(config.flink().parallelism())
                .as("flink.parallelism = job.parallelism")
                .isEqualTo(spec.path("job").path("parallelism").asInt());
        assertThat(seconds(flink.get("execution.checkpointing.interval")))
                .as("execution.checkpointing.interval = flink.checkpoint_interval_s")
                .isEqualTo(config.flink().checkpointIntervalS());

        // Kafka: the Strimzi cluster's bootstrap service, transactions within the brokers' maximum
        K8sObject kafka = DeployFiles.ofKind(objects, "Kafka").get(0);
        JsonNode listeners = kafka.spec().path("kafka").path("listeners");
        assertThat(listeners).as("listeners of %s", kafka).hasSize(1);
        assertThat(config.kafka().bootstrapServers())
                .isEqualTo(kafka.name() + "-kafka-bootstrap." + NAMESPACE + ".svc:"
                        + listeners.get(0).path("port").asInt());
        // the job logs in over TLS with the login and CA its pods mount
        assertThat(config.kafka().clientPropertiesOrEmpty())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "${dir:/opt/greenwave/kafka/user:sasl.jaas.config}")
                .containsEntry("ssl.truststore.location", "/opt/greenwave/kafka/ca/ca.crt");
        long maxTimeoutMs = kafka.spec()
                .path("kafka")
                .path("config")
                .path("transaction.max.timeout.ms")
                .asLong();
        assertThat(config.kafka().transactionTimeoutS() * 1000L)
                .as("transaction timeout <= transaction.max.timeout.ms")
                .isPositive()
                .isLessThanOrEqualTo(maxTimeoutMs);
        // ... and longer than a transaction can stay open under the cluster's checkpoint settings (both variants)
        for (String name : List.of("greenwave", "greenwave-session")) {
            K8sObject cluster = DeployFiles.ofKind(objects, "FlinkDeployment").stream()
                    .filter(o -> o.name().equals(name))
                    .findFirst()
                    .orElseThrow();
            Map<String, String> settings = DeployFiles.flatten(cluster.spec().path("flinkConfiguration"));
            TransactionTimeout.check(
                    Duration.ofSeconds(config.kafka().transactionTimeoutS()),
                    Duration.ofSeconds(seconds(flink.get("execution.checkpointing.interval"))),
                    Duration.ofSeconds(seconds(settings.get("execution.checkpointing.timeout"))),
                    Integer.parseInt(settings.get("execution.checkpointing.tolerable-failed-checkpoints")),
                    OptionalLong.of(maxTimeoutMs));
        }

        // Iceberg: the REST catalog's Service, the warehouse in the bucket of Flink's checkpoints
        Map<String, String> catalog = icebergCatalog(config);
        assertThat(catalog)
                .containsEntry("type", "rest")
                .containsEntry("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
        assertServiceUrl(objects, catalog.get("uri"));
        assertServiceUrl(objects, catalog.get("s3.endpoint"));
        assertThat(bucket(catalog.get("warehouse"))).isEqualTo(bucket(flink.get("execution.checkpointing.dir")));
        assertThat(catalog.get("s3.endpoint")).isEqualTo(flink.get("s3.endpoint"));
    }

    @Test
    void composeConfigLoadsAndAgreesWithTheComposeServices(@TempDir Path tmp) throws Exception {
        String yaml = DeployFiles.read(deploy().resolve("compose/greenwave.yaml"));
        GreenwaveConfig config = load(yaml, tmp);
        Map<String, JsonNode> services = composeServices();
        assertHostPortsAreServices(services, config.kafka().bootstrapServers());
        // every service:port in the file (Kafka, the catalog, S3) is a compose service listening there
        DeployFiles.strings(DeployFiles.parse(yaml)).forEach(s -> assertHostPortsAreServices(services, s));
        long maxTimeoutMs = services.get("kafka")
                .path("environment")
                .path("KAFKA_TRANSACTION_MAX_TIMEOUT_MS")
                .asLong();
        assertThat(config.kafka().transactionTimeoutS() * 1000L).isPositive().isLessThanOrEqualTo(maxTimeoutMs);
        Map<String, String> catalog = icebergCatalog(config);
        assertHostPortsAreServices(services, catalog.get("uri"));
        assertHostPortsAreServices(services, catalog.get("s3.endpoint"));
        // slots of the session cluster fit the parallelism
        int slots = 0;
        for (Map.Entry<String, JsonNode> s : services.entrySet()) {
            if (commandOf(s.getValue()).equals(List.of("taskmanager"))) {
                slots += Integer.parseInt(DeployFiles.flatten(DeployFiles.parse(s.getValue()
                                .path("environment")
                                .path("FLINK_PROPERTIES")
                                .asText()))
                        .get("taskmanager.numberOfTaskSlots"));
            }
        }
        assertThat(slots)
                .as("task slots of the compose TaskManagers")
                .isGreaterThanOrEqualTo(config.flink().parallelism());
    }

    @Test
    void aConfigurationWithAnUnknownKeyFailsToLoad(@TempDir Path tmp) {
        assertThatThrownBy(() -> load("kafka:\n  bootstrap_server: \"kafka:9092\"\n", tmp))
                .hasMessageContaining("bootstrap_server");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Topics

    @Test
    void kafkaTopicsAreExactlyTheContractsCompactedWhereTheLocalStackCompacts(@TempDir Path tmp) throws Exception {
        List<K8sObject> objects = DeployFiles.k8sObjects();
        GreenwaveConfig config = clusterConfig(objects, tmp);
        K8sObject kafka = DeployFiles.ofKind(objects, "Kafka").get(0);
        int brokers = 0;
        for (K8sObject pool : DeployFiles.ofKind(objects, "KafkaNodePool")) {
            if (pool.spec().path("roles").toString().contains("broker")) {
                brokers += pool.spec().path("replicas").asInt();
            }
        }
        int parallelism = one(objects, "FlinkDeployment", "greenwave")
                .spec()
                .path("job")
                .path("parallelism")
                .asInt();

        Map<String, Integer> partitions = new TreeMap<>();
        Set<String> compacted = new TreeSet<>();
        for (K8sObject t : DeployFiles.ofKind(objects, "KafkaTopic")) {
            assertThat(t.apiVersion()).isEqualTo("kafka.strimzi.io/v1beta2");
            assertThat(t.doc()
                            .path("metadata")
                            .path("labels")
                            .path("strimzi.io/cluster")
                            .asText())
                    .as("cluster of %s", t)
                    .isEqualTo(kafka.name());
            String topic = t.spec().path("topicName").asText(t.name());
            assertThat(partitions.put(topic, t.spec().path("partitions").asInt()))
                    .as("%s twice", topic)
                    .isNull();
            assertThat(t.spec().path("replicas").asInt())
                    .as("replicas of %s", topic)
                    .isBetween(1, brokers);
            if (t.spec().path("config").path("cleanup.policy").asText("delete").contains("compact")) {
                compacted.add(topic);
            }
        }
        assertThat(partitions.keySet()).isEqualTo(expectedTopics(config));
        assertThat(compacted).isEqualTo(compactedTopics(config));
        for (String busy : busyTopics(config)) {
            assertThat(partitions.get(busy))
                    .as("partitions of %s >= job parallelism", busy)
                    .isGreaterThanOrEqualTo(parallelism);
        }
    }

    @Test
    void composeCreatesTheSameTopics(@TempDir Path tmp) throws Exception {
        GreenwaveConfig config = load(DeployFiles.read(deploy().resolve("compose/greenwave.yaml")), tmp);
        String script = DeployFiles.read(deploy().resolve("compose/create-topics.sh"));
        Map<String, Integer> partitions = new TreeMap<>();
        Set<String> compacted = new TreeSet<>();
        Matcher m = TOPIC_LINE.matcher(script);
        while (m.find()) {
            assertThat(partitions.put(m.group(1), Integer.parseInt(m.group(2))))
                    .as("%s twice", m.group(1))
                    .isNull();
            if ("cleanup.policy=compact".equals(m.group(3))) {
                compacted.add(m.group(1));
            }
        }
        assertThat(partitions.keySet()).isEqualTo(expectedTopics(config));
        assertThat(compacted).isEqualTo(compactedTopics(config));
        for (String busy : busyTopics(config)) {
            assertThat(partitions.get(busy))
                    .as("partitions of %s", busy)
                    .isGreaterThanOrEqualTo(config.flink().parallelism());
        }
        String mount =
                composeServices().get("kafka-init").path("volumes").get(0).asText();
        assertThat(mount).startsWith("./create-topics.sh:");
    }

    /** Every contract topic, as configured, plus the network topic. */
    static Set<String> expectedTopics(GreenwaveConfig config) {
        Set<String> topics = new TreeSet<>();
        for (Contract c : Contract.topics()) {
            topics.add(config.topics().of(c));
        }
        topics.add(config.topics().network());
        return topics;
    }

    /** The reference topics, compacted as on the local stack (greenwave.cli.LocalRun#createTopics). */
    static Set<String> compactedTopics(GreenwaveConfig config) {
        GreenwaveConfig.Topics t = config.topics();
        return new TreeSet<>(List.of(t.network(), t.bikeZones(), t.bikeBlacklist(), t.foodKitchens()));
    }

    /** The high-volume inputs: one partition per source subtask at least. */
    static List<String> busyTopics(GreenwaveConfig config) {
        GreenwaveConfig.Topics t = config.topics();
        return List.of(t.signalEvents(), t.vehiclePositions(), t.bikeEvents());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Kafka access: authenticated clients, ACLs, the command topics

    @Test
    void onlyTheJobsPrincipalMayWriteTheCommandTopics(@TempDir Path tmp) throws Exception {
        List<K8sObject> objects = DeployFiles.k8sObjects();
        GreenwaveConfig config = clusterConfig(objects, tmp);
        K8sObject kafka = DeployFiles.ofKind(objects, "Kafka").get(0);
        JsonNode spec = kafka.spec().path("kafka");
        assertThat(spec.path("authorization").path("type").asText())
                .as("authorization of %s", kafka)
                .isEqualTo("simple");
        for (JsonNode listener : spec.path("listeners")) {
            assertThat(listener.path("authentication").path("type").asText())
                    .as("authentication of listener %s", listener.path("name").asText())
                    .isIn("scram-sha-512", "tls");
        }
        assertThat(kafka.spec().path("entityOperator").has("userOperator"))
                .as("user operator")
                .isTrue();

        List<K8sObject> users = DeployFiles.ofKind(objects, "KafkaUser");
        for (K8sObject user : users) {
            assertThat(user.doc()
                            .path("metadata")
                            .path("labels")
                            .path("strimzi.io/cluster")
                            .asText())
                    .as("cluster of %s", user)
                    .isEqualTo(kafka.name());
            assertThat(user.spec().path("authorization").path("type").asText())
                    .as("ACLs of %s", user)
                    .isEqualTo("simple");
        }
        List<Contract> commandTopics = Contract.commandTopics();
        assertThat(commandTopics).isNotEmpty();
        for (Contract c : commandTopics) {
            String topic = config.topics().of(c);
            List<String> writers = users.stream()
                    .filter(u -> allows(u, "topic", topic, "Write"))
                    .map(K8sObject::name)
                    .toList();
            assertThat(writers)
                    .as("principals that may write command topic %s", topic)
                    .containsExactly(JOB_USER);
        }

        // the job's principal may do what the job does: every topic, its group, its transactions
        K8sObject job = one(objects, "KafkaUser", JOB_USER);
        for (String topic : expectedTopics(config)) {
            assertThat(allows(job, "topic", topic, "Read"))
                    .as("%s reads %s", JOB_USER, topic)
                    .isTrue();
        }
        for (Contract c : Contract.topics()) { // the network topic is not among them: the job only reads it
            assertThat(allows(job, "topic", config.topics().of(c), "Write"))
                    .as("%s writes %s", JOB_USER, c)
                    .isTrue();
        }
        assertThat(allows(job, "group", config.kafka().groupId(), "Read")).isTrue();
        assertThat(allows(job, "transactionalId", config.kafka().transactionalIdPrefix() + "-plans-0-1", "Write"))
                .isTrue();
        assertThat(allows(job, "cluster", "kafka-cluster", "IdempotentWrite")).isTrue();
        // SQL writes in transactions of the contract catalog's prefix (greenwave.sql.ContractCatalog)
        assertThat(allows(
                        one(objects, "KafkaUser", "greenwave-sql"), "transactionalId", "greenwave-sql-alerts", "Write"))
                .isTrue();

        // the job's pods carry its login; the SQL gateway's carries the SQL principal's
        for (K8sObject fd : DeployFiles.ofKind(objects, "FlinkDeployment")) {
            assertThat(secretVolumes(fd.spec().path("podTemplate").path("spec")))
                    .as("secrets of %s", fd)
                    .contains(JOB_USER);
        }
        assertThat(secretVolumes(one(objects, "Deployment", "flink-sql-gateway")
                        .spec()
                        .path("template")
                        .path("spec")))
                .contains("greenwave-sql");
    }

    static final String JOB_USER = "greenwave-job";

    /** Whether one of the user's ACL rules allows {@code operation} (or All) on the resource. */
    static boolean allows(K8sObject user, String type, String name, String operation) {
        for (JsonNode rule : user.spec().path("authorization").path("acls")) {
            JsonNode resource = rule.path("resource");
            if (!resource.path("type").asText().equals(type)) {
                continue;
            }
            String pattern = resource.path("name").asText("");
            boolean matches = type.equals("cluster")
                    || pattern.equals("*")
                    || (resource.path("patternType").asText("literal").equals("prefix")
                            ? name.startsWith(pattern)
                            : name.equals(pattern));
            List<String> operations = new ArrayList<>();
            rule.path("operations").forEach(o -> operations.add(o.asText()));
            if (rule.has("operation")) {
                operations.add(rule.path("operation").asText());
            }
            if (matches && (operations.contains(operation) || operations.contains("All"))) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> secretVolumes(JsonNode podSpec) {
        Set<String> secrets = new TreeSet<>();
        podSpec.path("volumes").forEach(v -> {
            if (v.has("secret")) {
                secrets.add(v.path("secret").path("secretName").asText());
            }
        });
        return secrets;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Services and URLs

    @Test
    void kubernetesUrlsPointAtServicesOfTheManifests() {
        List<K8sObject> objects = DeployFiles.k8sObjects();
        int checked = 0;
        for (K8sObject o : objects) {
            for (String s : DeployFiles.strings(o.doc())) {
                Matcher m = SERVICE_URL.matcher(s);
                while (m.find()) {
                    assertServiceUrl(objects, m.group());
                    checked++;
                }
            }
            if (o.kind().equals("ConfigMap")) {
                for (JsonNode data : o.doc().path("data")) {
                    Matcher m = SERVICE_URL.matcher(data.asText());
                    while (m.find()) {
                        assertServiceUrl(objects, m.group());
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(6);
    }

    /** {@code host.namespace.svc:port} is a Service of the manifests with that port (or Strimzi's bootstrap). */
    static void assertServiceUrl(List<K8sObject> objects, String url) {
        Matcher m = SERVICE_URL.matcher(url);
        assertThat(m.find()).as("%s names a service", url).isTrue();
        String name = m.group(1);
        int port = Integer.parseInt(m.group(3));
        assertThat(m.group(2)).as("namespace in %s", url).isEqualTo(NAMESPACE);
        Set<Integer> ports = new TreeSet<>();
        for (K8sObject service : DeployFiles.ofKind(objects, "Service")) {
            if (service.name().equals(name)) {
                service.spec()
                        .path("ports")
                        .forEach(p -> ports.add(p.path("port").asInt()));
            }
        }
        for (K8sObject fd : DeployFiles.ofKind(objects, "FlinkDeployment")) {
            if ((fd.name() + "-rest").equals(name)) {
                ports.add(8081); // the operator's REST service of a Flink cluster (rest.port)
            }
        }
        for (K8sObject kafka : DeployFiles.ofKind(objects, "Kafka")) {
            if ((kafka.name() + "-kafka-bootstrap").equals(name)) {
                kafka.spec()
                        .path("kafka")
                        .path("listeners")
                        .forEach(l -> ports.add(l.path("port").asInt()));
            }
        }
        assertThat(ports).as("ports of the service %s (%s)", name, url).contains(port);
    }

    @Test
    void composeServicesReferenceImagesPortsAndEachOtherConsistently() {
        Map<String, JsonNode> services = composeServices();
        assertThat(services.keySet())
                .contains(
                        "kafka",
                        "kafka-init",
                        "minio",
                        "minio-init",
                        "iceberg-rest",
                        "jobmanager",
                        "taskmanager-1",
                        "taskmanager-2",
                        "submit",
                        "sql-gateway");
        Set<String> hostPorts = new TreeSet<>();
        Set<String> flinkImages = new TreeSet<>();
        for (Map.Entry<String, JsonNode> e : services.entrySet()) {
            String name = e.getKey();
            JsonNode s = e.getValue();
            assertThat(s.path("image").asText())
                    .as("image of %s", name)
                    .isNotBlank()
                    .doesNotEndWith(":latest");
            if (s.has("build")) {
                flinkImages.add(s.path("image").asText());
                Path context = deploy().resolve("compose")
                        .resolve(s.path("build").path("context").asText())
                        .normalize();
                assertThat(context.resolve(s.path("build").path("dockerfile").asText("Dockerfile")))
                        .as("Dockerfile of %s", name)
                        .isRegularFile();
            }
            for (JsonNode p : s.path("ports")) {
                String[] parts = p.asText().split(":");
                assertThat(parts)
                        .as("port mapping %s of %s (quoted ip:host:container)", p, name)
                        .hasSize(3);
                assertThat(hostPorts.add(parts[1]))
                        .as("host port %s used twice", parts[1])
                        .isTrue();
            }
            s.path("depends_on")
                    .fieldNames()
                    .forEachRemaining(d ->
                            assertThat(services).as("%s depends on %s", name, d).containsKey(d));
            // host:port references to other services use ports those services listen on
            List<String> texts = new ArrayList<>(DeployFiles.strings(s.path("environment")));
            texts.addAll(commandOf(s));
            texts.addAll(DeployFiles.strings(s.path("entrypoint")));
            texts.forEach(t -> assertHostPortsAreServices(services, t));
            // mounted files exist
            for (JsonNode v : s.path("volumes")) {
                String source =
                        v.asText().replaceAll("\\$\\{[A-Z_]+:-([^}]+)}", "$1").split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(deploy().resolve("compose").resolve(source))
                            .as("volume %s of %s", v, name)
                            .exists();
                }
            }
        }
        assertThat(flinkImages).as("one image for every Flink service").hasSize(1);
        // every Flink service of the session cluster mounts the configuration and the reference files
        for (String flinkService : List.of("jobmanager", "taskmanager-1", "taskmanager-2", "submit")) {
            String volumes = services.get(flinkService).path("volumes").toString();
            assertThat(volumes)
                    .as(flinkService)
                    .contains(CONF_DIR + "/greenwave.yaml")
                    .contains(REFERENCE_DIR);
        }
        List<String> submit = commandOf(services.get("submit"));
        assertThat(submit)
                .contains(CLUSTER_JOB, "/opt/flink/usrlib/" + CLUSTER_JAR)
                .containsSubsequence("--config", CONF_DIR + "/greenwave.yaml")
                .containsSubsequence("--reference", REFERENCE_DIR);
        Path reference = deploy().resolve("compose")
                .resolve(services.get("submit")
                        .path("volumes")
                        .get(1)
                        .asText()
                        .replaceAll("\\$\\{[A-Z_]+:-([^}]+)}", "$1")
                        .split(":")[0]);
        assertThat(reference.resolve(Contract.NETWORK.defaultName()))
                .as("default reference files")
                .isRegularFile();
    }

    /** Every {@code service:port} in {@code text} names a compose service listening on that port. */
    static void assertHostPortsAreServices(Map<String, JsonNode> services, String text) {
        Matcher m = HOST_PORT.matcher(text);
        while (m.find()) {
            String host = m.group(1);
            if (!services.containsKey(host)) {
                continue;
            }
            Set<String> ports = new LinkedHashSet<>();
            JsonNode s = services.get(host);
            s.path("expose").forEach(p -> ports.add(p.asText()));
            s.path("ports")
                    .forEach(p -> ports.add(p.asText().substring(p.asText().lastIndexOf(':') + 1)));
            assertThat(ports)
                    .as("ports of compose service %s, referenced as %s", host, m.group())
                    .contains(m.group(2));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Exposure and credentials

    /** The compose services a user on the host talks to: Kafka (quick start), the catalog, Flink's UI, SQL gateway. */
    static final Set<String> HOST_FACING_SERVICES = Set.of("kafka", "iceberg-rest", "jobmanager", "sql-gateway");

    static final String LOOPBACK = "127.0.0.1";

    @Test
    void composePublishesOnlyWhatTheHostNeedsAndOnlyOnLoopback() {
        Map<String, JsonNode> services = composeServices();
        Set<String> published = new TreeSet<>();
        services.forEach((name, s) -> {
            for (JsonNode p : s.path("ports")) {
                published.add(name);
                String hostIp =
                        p.isObject() ? p.path("host_ip").asText("") : p.asText().split(":")[0];
                assertThat(hostIp).as("host address of port %s of %s", p, name).isEqualTo(LOOPBACK);
            }
        });
        assertThat(published)
                .as("services published on the host")
                .isSubsetOf(HOST_FACING_SERVICES)
                .doesNotContain("minio");

        // the web UI's jar upload is off: the job goes in as a job graph over REST (flink run), as the SQL gateway's do
        Map<String, String> jobManager = DeployFiles.flatten(DeployFiles.parse(services.get("jobmanager")
                .path("environment")
                .path("FLINK_PROPERTIES")
                .asText()));
        assertThat(jobManager).containsEntry("web.submit.enable", "false");
        assertThat(commandOf(services.get("submit"))).startsWith("flink", "run");
    }

    @Test
    void composeCredentialsComeFromRequiredVariablesDocumentedAndIgnoredByGit() {
        Map<String, JsonNode> services = composeServices();
        Pattern required = Pattern.compile("\\$\\{(MINIO_ROOT_USER|MINIO_ROOT_PASSWORD):\\?[^}]+}");
        JsonNode minio = services.get("minio").path("environment");
        assertThat(minio.path("MINIO_ROOT_USER").asText()).matches(required).contains("MINIO_ROOT_USER");
        assertThat(minio.path("MINIO_ROOT_PASSWORD").asText()).matches(required).contains("MINIO_ROOT_PASSWORD");
        // every S3 client logs in with MinIO's root login, from the same variables
        int clients = 0;
        for (Map.Entry<String, JsonNode> e : services.entrySet()) {
            JsonNode env = e.getValue().path("environment");
            if (env.has("AWS_ACCESS_KEY_ID") || env.has("AWS_SECRET_ACCESS_KEY")) {
                clients++;
                assertThat(env.path("AWS_ACCESS_KEY_ID").asText())
                        .as("S3 key id of %s", e.getKey())
                        .isEqualTo(minio.path("MINIO_ROOT_USER").asText());
                assertThat(env.path("AWS_SECRET_ACCESS_KEY").asText())
                        .as("S3 secret of %s", e.getKey())
                        .isEqualTo(minio.path("MINIO_ROOT_PASSWORD").asText());
            }
        }
        assertThat(clients).as("compose services with S3 keys").isGreaterThanOrEqualTo(6);
        assertThat(DeployFiles.read(deploy().resolve("README.md")))
                .contains("deploy/compose/.env")
                .contains("MINIO_ROOT_PASSWORD=");
        assertThat(DeployFiles.read(DeployFiles.repo().resolve(".gitignore"))
                        .lines()
                        .map(String::strip))
                .as("the compose .env is ignored by git")
                .contains(".env");
    }

    @Test
    void noComposeOrKubernetesFileHoldsALiteralCredential() {
        List<Path> files = new ArrayList<>(DeployFiles.yamlFiles(deploy().resolve("k8s")));
        files.addAll(DeployFiles.yamlFiles(deploy().resolve("compose")));
        assertThat(files).hasSizeGreaterThan(10);
        Map<String, List<String>> found = new TreeMap<>();
        for (Path f : files) {
            for (JsonNode doc : documents(f)) {
                List<String> literal = LiteralSecrets.find(doc);
                if (!literal.isEmpty()) {
                    found.computeIfAbsent(deploy().relativize(f).toString(), k -> new ArrayList<>())
                            .addAll(literal);
                }
            }
        }
        assertThat(found)
                .as("literal credentials (use a variable, a Secret or a <placeholder>)")
                .isEmpty();
    }

    @Test
    void literalCredentialScannerFindsWhatItShould() {
        List<String> leaks = List.of(
                "environment: {MINIO_ROOT_PASSWORD: greenwave-secret}",
                "environment: {MINIO_ROOT_USER: greenwave}",
                "stringData: {AWS_SECRET_ACCESS_KEY: change-me}",
                "env: [{name: MINIO_ROOT_PASSWORD, value: hunter22}]",
                "environment: {AWS_SECRET_ACCESS_KEY: '${MINIO_ROOT_PASSWORD:-greenwave-secret}'}",
                "environment: [AWS_SECRET_ACCESS_KEY=abc]",
                "command: [sql-gateway.sh, -Ds3.secret-key=abc]",
                "environment: {FLINK_PROPERTIES: \"s3.endpoint: http://minio:9000\\ns3.access-key: abc\\n\"}",
                "data: {client.properties: 'sasl.jaas.config=ScramLoginModule required username=\"u\" password=\"p\";'}",
                "entrypoint: [sh, -c, mc alias set store http://minio:9000 greenwave greenwave-secret]");
        for (String yaml : leaks) {
            assertThat(LiteralSecrets.find(DeployFiles.parse(yaml))).as(yaml).isNotEmpty();
        }
        List<String> clean = List.of(
                "environment: {MINIO_ROOT_PASSWORD: '${MINIO_ROOT_PASSWORD:?set MINIO_ROOT_PASSWORD}'}",
                "environment: {AWS_SECRET_ACCESS_KEY: '${MINIO_ROOT_PASSWORD}'}",
                "stringData: {AWS_SECRET_ACCESS_KEY: '<secret access key>'}",
                "volumes: [{name: kafka-user, secret: {secretName: greenwave-job}}]",
                "env: [{name: MINIO_ROOT_PASSWORD, valueFrom: {secretKeyRef: {name: greenwave-s3, key: AWS_SECRET_ACCESS_KEY}}}]",
                "client_properties: {sasl.jaas.config: '${dir:/opt/greenwave/kafka/user:sasl.jaas.config}'}",
                "entrypoint: [sh, -c, 'mc alias set store http://minio:9000 \"$$MINIO_ROOT_USER\" \"$$MINIO_ROOT_PASSWORD\"']",
                "comment: no password is in this file");
        for (String yaml : clean) {
            assertThat(LiteralSecrets.find(DeployFiles.parse(yaml))).as(yaml).isEmpty();
        }
    }

    @Test
    void kubernetesServicesStayInsideTheCluster() {
        List<K8sObject> objects = DeployFiles.k8sObjects();
        List<K8sObject> services = DeployFiles.ofKind(objects, "Service");
        assertThat(services).hasSizeGreaterThanOrEqualTo(3);
        for (K8sObject service : services) {
            assertThat(service.spec().path("type").asText("ClusterIP"))
                    .as("type of %s", service)
                    .isEqualTo("ClusterIP");
        }
        // the operator's REST service of each Flink cluster (web UI, job submission), and Kafka's listeners
        for (K8sObject fd : DeployFiles.ofKind(objects, "FlinkDeployment")) {
            assertThat(DeployFiles.flatten(fd.spec().path("flinkConfiguration")))
                    .as("REST service of %s", fd)
                    .containsEntry("kubernetes.rest-service.exposed.type", "ClusterIP");
        }
        for (K8sObject kafka : DeployFiles.ofKind(objects, "Kafka")) {
            for (JsonNode listener : kafka.spec().path("kafka").path("listeners")) {
                assertThat(listener.path("type").asText())
                        .as("type of listener %s", listener.path("name"))
                        .isIn("internal", "cluster-ip");
            }
        }
    }

    @Test
    void networkPoliciesDenyIngressByDefaultAndAllowOnlyTheDeploymentsPaths() {
        List<K8sObject> objects = DeployFiles.k8sObjects();
        NetworkPolicies policies = new NetworkPolicies(objects);
        assertThat(policies.all().stream()
                        .filter(p -> p.spec().path("podSelector").isEmpty()
                                && NetworkPolicies.governsIngress(p)
                                && p.spec().path("ingress").isEmpty()))
                .as("a default-deny ingress policy for the namespace")
                .hasSize(1);

        // every workload's pods are isolated, and a server's by at least one policy that lets something in (a Job
        // only connects out)
        Map<String, List<Pod>> workloads = workloadPods(objects);
        assertThat(workloads.keySet())
                .contains(
                        "FlinkDeployment greenwave",
                        "FlinkDeployment greenwave-session",
                        "Kafka greenwave",
                        "Deployment iceberg-rest",
                        "Deployment minio",
                        "Deployment flink-sql-gateway");
        workloads.forEach((workload, pods) -> pods.forEach(pod -> {
            assertThat(policies.selecting(pod)).as("policies isolating %s", pod).isNotEmpty();
            if (!workload.startsWith("Job ")) {
                assertThat(policies.allowing(pod))
                        .as("allow policies selecting %s", pod)
                        .isNotEmpty();
            }
        }));

        Pod jobManager = workloads.get("FlinkDeployment greenwave").get(0);
        Pod taskManager = workloads.get("FlinkDeployment greenwave").get(1);
        Pod sessionJobManager =
                workloads.get("FlinkDeployment greenwave-session").get(0);
        Pod sessionTaskManager =
                workloads.get("FlinkDeployment greenwave-session").get(1);
        Pod kafka = workloads.get("Kafka greenwave").get(0);
        Pod catalog = workloads.get("Deployment iceberg-rest").get(0);
        Pod minio = workloads.get("Deployment minio").get(0);
        Pod gateway = workloads.get("Deployment flink-sql-gateway").get(0);
        Pod bucketJob = workloads.get("Job minio-create-bucket").get(0);
        Pod client = new Pod("a trusted client", NAMESPACE, Map.of("greenwave.city/client", "true"));
        Pod kafkaClient = new Pod("a Kafka client", NAMESPACE, Map.of("greenwave.city/kafka-client", "true"));
        Pod operator = new Pod(
                "the Flink operator", "flink-operator", Map.of("app.kubernetes.io/name", "flink-kubernetes-operator"));
        Pod stranger = new Pod("an unlabelled pod", NAMESPACE, Map.of("app", "something-else"));
        Pod outsider = new Pod("a pod of another namespace", "elsewhere", Map.of("app", "something-else"));

        Paths paths = new Paths(policies);
        for (List<Pod> cluster :
                List.of(List.of(jobManager, taskManager), List.of(sessionJobManager, sessionTaskManager))) {
            Pod jm = cluster.get(0);
            Pod tm = cluster.get(1);
            paths.open(tm, jm, 6123, 6124, 8081);
            paths.open(jm, tm, 6122);
            paths.open(tm, tm, 6121);
            for (Pod flink : cluster) {
                paths.open(flink, kafka, 9093);
                paths.open(flink, catalog, 8181);
                paths.open(flink, minio, 9000);
            }
            paths.open(client, jm, 8081);
            paths.open(operator, jm, 8081);
            for (Pod other : List.of(stranger, outsider, kafkaClient)) {
                paths.closed(other, jm, 8081, 6123);
                paths.closed(other, tm, 6122, 6121);
            }
            paths.closed(client, tm, 6122);
        }
        // the two Flink clusters do not talk to each other; the SQL gateway reaches only the session cluster
        paths.closed(taskManager, sessionJobManager, 6123);
        paths.closed(sessionTaskManager, jobManager, 6123);
        paths.open(gateway, sessionJobManager, 8081);
        paths.closed(gateway, jobManager, 8081);
        paths.open(gateway, kafka, 9093);
        paths.open(gateway, catalog, 8181);
        paths.open(gateway, minio, 9000);
        paths.open(catalog, minio, 9000);
        paths.open(bucketJob, minio, 9000);
        paths.open(client, gateway, 8083);
        paths.open(client, catalog, 8181);
        paths.open(client, minio, 9000);
        paths.open(kafkaClient, kafka, 9093);
        for (Pod other : List.of(stranger, outsider)) {
            paths.closed(other, gateway, 8083);
            paths.closed(other, catalog, 8181);
            paths.closed(other, minio, 9000, 9001);
            paths.closed(other, kafka, 9093);
        }
        paths.closed(client, kafka, 9093);
        paths.closed(client, minio, 9001);
        paths.closed(kafkaClient, gateway, 8083);
        List<String> wrong = paths.wrong;
        assertThat(wrong).as("paths the NetworkPolicies get wrong").isEmpty();

        // Strimzi writes its own policy for the listener from networkPolicyPeers: the same peers as ours
        K8sObject kafkaCluster = one(objects, "Kafka", "greenwave");
        JsonNode listenerPeers =
                kafkaCluster.spec().path("kafka").path("listeners").get(0).path("networkPolicyPeers");
        JsonNode ourPeers = null;
        for (JsonNode rule : one(objects, "NetworkPolicy", "kafka").spec().path("ingress")) {
            if (rule.path("ports").toString().contains("9093")) {
                ourPeers = rule.path("from");
            }
        }
        assertThat(listenerPeers)
                .as("networkPolicyPeers of the listener")
                .isNotEmpty()
                .isEqualTo(ourPeers);
    }

    /** Expected open and closed connections, and those the policies get wrong. */
    private static final class Paths {
        final NetworkPolicies policies;
        final List<String> wrong = new ArrayList<>();

        Paths(NetworkPolicies policies) {
            this.policies = policies;
        }

        void open(Pod from, Pod to, int... ports) {
            expect(true, from, to, ports);
        }

        void closed(Pod from, Pod to, int... ports) {
            expect(false, from, to, ports);
        }

        private void expect(boolean open, Pod from, Pod to, int... ports) {
            for (int port : ports) {
                if (policies.admits(from, to, port) != open) {
                    wrong.add(from + " -> " + to + ":" + port + (open ? " is blocked" : " is allowed"));
                }
            }
        }
    }

    /**
     * The pods each workload of the manifests runs, with the labels their controllers give them: a Deployment's or
     * Job's template labels; a FlinkDeployment's JobManager and TaskManager (the Flink operator's labels
     * {@code app: <name>}, {@code component}, {@code type}, plus the pod template's); Strimzi's labels on a Kafka
     * cluster's nodes.
     */
    static Map<String, List<Pod>> workloadPods(List<K8sObject> objects) {
        Map<String, List<Pod>> out = new TreeMap<>();
        for (K8sObject o : objects) {
            String workload = o.kind() + " " + o.name();
            switch (o.kind()) {
                case "Deployment", "Job" ->
                    out.put(
                            workload,
                            List.of(new Pod(
                                    workload,
                                    o.namespace(),
                                    labels(o.spec()
                                            .path("template")
                                            .path("metadata")
                                            .path("labels")))));
                case "FlinkDeployment" -> {
                    List<Pod> pods = new ArrayList<>();
                    for (String component : List.of("jobmanager", "taskmanager")) {
                        Map<String, String> labels = labels(
                                o.spec().path("podTemplate").path("metadata").path("labels"));
                        labels.put("app", o.name());
                        labels.put("component", component);
                        labels.put("type", "flink-native-kubernetes");
                        pods.add(new Pod(o.name() + " " + component, o.namespace(), labels));
                    }
                    out.put(workload, pods);
                }
                case "Kafka" ->
                    out.put(
                            workload,
                            List.of(new Pod(
                                    "Kafka node of " + o.name(),
                                    o.namespace(),
                                    Map.of(
                                            "strimzi.io/cluster",
                                            o.name(),
                                            "strimzi.io/kind",
                                            "Kafka",
                                            "strimzi.io/name",
                                            o.name() + "-kafka"))));
                default -> {}
            }
        }
        return out;
    }

    private static Map<String, String> labels(JsonNode labels) {
        Map<String, String> out = new LinkedHashMap<>();
        labels.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // helpers

    static Map<String, JsonNode> composeServices() {
        JsonNode compose =
                documents(deploy().resolve("compose/docker-compose.yaml")).get(0);
        Map<String, JsonNode> services = new LinkedHashMap<>();
        compose.path("services").fields().forEachRemaining(e -> services.put(e.getKey(), e.getValue()));
        return services;
    }

    static List<String> commandOf(JsonNode service) {
        List<String> out = new ArrayList<>();
        JsonNode command = service.path("command");
        if (command.isArray()) {
            command.forEach(c -> out.add(c.asText()));
        } else if (command.isTextual()) {
            out.addAll(List.of(command.asText().trim().split("\\s+")));
        }
        return out;
    }

    /** Loads a greenwave YAML with {@link GreenwaveConfig} (defaults merged, unknown keys fail). */
    /** The greenwave configuration of the cluster: ConfigMap greenwave-config. */
    static GreenwaveConfig clusterConfig(List<K8sObject> objects, Path tmp) throws IOException {
        return load(
                one(objects, "ConfigMap", "greenwave-config")
                        .doc()
                        .path("data")
                        .path("greenwave.yaml")
                        .asText(),
                tmp);
    }

    static GreenwaveConfig load(String yaml, Path tmp) throws IOException {
        JsonNode tree = DeployFiles.parse(yaml);
        Path file = Files.createTempFile(tmp, "greenwave", ".yaml");
        DeployFiles.YAML.writeValue(file.toFile(), tree);
        return GreenwaveConfig.load(file);
    }

    /** The iceberg catalog properties of a loaded configuration. */
    static Map<String, String> icebergCatalog(GreenwaveConfig config) {
        Map<String, String> catalog = config.iceberg().catalog();
        return catalog == null ? Map.of() : catalog;
    }

    /** A Flink duration ("30 s", "30s", "1 min", "30000") in seconds. */
    static long seconds(String duration) {
        Matcher m = Pattern.compile("(\\d+)\\s*(ms|s|min|h)?").matcher(duration.trim());
        assertThat(m.matches()).as("duration %s", duration).isTrue();
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "ms" -> n / 1000;
            case "s" -> n;
            case "min" -> n * 60;
            default -> n * 3600;
        };
    }

    static String bucket(String s3Url) {
        URI uri = URI.create(s3Url);
        assertThat(uri.getScheme()).as(s3Url).isEqualTo("s3");
        return uri.getHost();
    }
}
