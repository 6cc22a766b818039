package greenwave.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test helper: the schema files as JSON trees. */
final class Schemas {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode load(Contract contract) {
        return load(contract.schemaResource());
    }

    static JsonNode load(String resource) {
        try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Schemas() {}
}
