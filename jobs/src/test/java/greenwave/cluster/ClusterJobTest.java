package greenwave.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import greenwave.config.GreenwaveConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ClusterJobTest {
    private static final Path REPO =
            Path.of(System.getProperty("greenwave.repo", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void aNetworkWhoseCorridorNamesAnUnknownDeviceIsRefusedBeforeAnythingStarts() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode network = (ObjectNode)
                json.readTree(REPO.resolve("sim/samples/corridor3/network.json").toFile());
        ObjectNode corridor = (ObjectNode) network.get("corridors").get(0);
        ((ArrayNode) corridor.get("devices")).set(2, "999");
        for (String direction : new String[] {"outbound", "inbound"}) {
            ObjectNode phases = (ObjectNode) corridor.get(direction).get("phase_by_device");
            phases.set("999", phases.remove("103"));
        }
        Path reference = Files.createDirectories(dir.resolve("reference"));
        json.writeValue(reference.resolve("network.json").toFile(), network);
        Path config = Files.writeString(dir.resolve("greenwave.yaml"), "{}");

        ClusterJob job = new ClusterJob();
        new CommandLine(job).parseArgs("--config", config.toString(), "--reference", reference.toString());
        // refused with the error itself, before the (here missing) Iceberg catalog is even looked at
        assertThatThrownBy(() -> job.build(StreamExecutionEnvironment.getExecutionEnvironment()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("network.json: 1 error" + System.lineSeparator()
                        + "  corridor sumo-c1: device 999 is not an intersection of network.json");
    }

    @Test
    void theCatalogComesFromIcebergCatalogTypeOrCatalogImpl() throws Exception {
        String warehouse = dir.resolve("wh").toUri().toString();
        CatalogLoader hadoop = ClusterJob.catalogLoader(
                new GreenwaveConfig.Iceberg("greenwave", Map.of("type", "hadoop", "warehouse", warehouse)));
        Catalog catalog = hadoop.loadCatalog();
        assertThat(catalog.getClass().getName()).isEqualTo("org.apache.iceberg.hadoop.HadoopCatalog");
        assertThat(catalog.name()).isEqualTo("greenwave");
        greenwave.jobs.GreenwaveTopology.ensureTables(catalog);
        assertThat(catalog.tableExists(TableIdentifier.of("traffic", "actuations")))
                .isTrue();
        greenwave.jobs.GreenwaveTopology.ensureTables(catalog); // idempotent

        Catalog custom = ClusterJob.catalogLoader(new GreenwaveConfig.Iceberg(
                        "city",
                        Map.of("catalog-impl", "org.apache.iceberg.hadoop.HadoopCatalog", "warehouse", warehouse)))
                .loadCatalog();
        assertThat(custom.name()).isEqualTo("city");
        assertThat(custom.tableExists(TableIdentifier.of("traffic", "actuations")))
                .isTrue();
        assertThat(ClusterJob.catalogLoader(new GreenwaveConfig.Iceberg(
                                "greenwave", Map.of("type", "rest", "uri", "http://iceberg-rest:8181")))
                        .toString())
                .contains("RESTCatalog");
    }

    @Test
    void anEmptyOrUnknownCatalogIsAnErrorOnACluster() {
        assertThatThrownBy(() ->
                        ClusterJob.catalogLoader(GreenwaveConfig.defaults().iceberg()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("iceberg.catalog is empty");
        assertThatThrownBy(() -> ClusterJob.catalogLoader(new GreenwaveConfig.Iceberg("g", Map.of("type", "glue2"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("glue2");
        assertThatThrownBy(() -> ClusterJob.catalogLoader(new GreenwaveConfig.Iceberg("g", Map.of("uri", "x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type");
    }

    @Test
    void argumentsAreConfigReferenceAndBounded() {
        ClusterJob job = new ClusterJob();
        new CommandLine(job).parseArgs("--config", "/etc/greenwave.yaml", "--reference", "/ref", "--bounded");
        assertThat(job.config).isEqualTo(Path.of("/etc/greenwave.yaml"));
        assertThat(job.reference).isEqualTo(Path.of("/ref"));
        assertThat(job.bounded).isTrue();
        assertThat(job.jobName).isEqualTo("greenwave");
        assertThatThrownBy(() -> new CommandLine(new ClusterJob()).parseArgs("--bounded"))
                .isInstanceOf(CommandLine.MissingParameterException.class);
    }
}
