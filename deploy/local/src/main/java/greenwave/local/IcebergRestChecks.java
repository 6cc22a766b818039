package greenwave.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.ForbiddenException;

/**
 * What the REST catalog checks before a request reaches the catalog: names that cannot climb out of the warehouse
 * (the JDBC catalog builds a table's directory from its namespace and name) and locations inside the warehouse
 * root. A bad name is a 400 ({@link BadRequestException}), a location outside the warehouse a 403
 * ({@link ForbiddenException}); either way nothing is written.
 */
final class IcebergRestChecks {

    /** The longest namespace level or table/view name accepted: a file name's usual limit. */
    static final int MAX_NAME_LENGTH = 255;

    /** Table properties that move where a table's files are written. */
    private static final List<String> LOCATION_PROPERTIES = List.of(
            TableProperties.WRITE_DATA_LOCATION,
            TableProperties.WRITE_METADATA_LOCATION,
            "write.object-storage.path",
            "write.folder-storage.path",
            "location");

    private final String root;
    private final Path fileRoot;

    /** Checks against the warehouse root, e.g. {@code file:/abs/warehouse} or {@code s3://bucket/warehouse}. */
    IcebergRestChecks(String warehouse) {
        String trimmed = warehouse.endsWith("/") ? warehouse.substring(0, warehouse.length() - 1) : warehouse;
        this.fileRoot = localPath(trimmed);
        this.root = trimmed;
    }

    void name(String name) {
        String problem = nameProblem(name);
        if (problem != null) {
            throw new BadRequestException("Invalid name %s: %s", quoted(name), problem);
        }
    }

    void namespace(Namespace namespace) {
        for (String level : namespace.levels()) {
            String problem = nameProblem(level);
            if (problem != null) {
                throw new BadRequestException("Invalid namespace level %s: %s", quoted(level), problem);
            }
        }
    }

    void identifier(TableIdentifier id) {
        namespace(id.namespace());
        name(id.name());
    }

    /** A table or view to create: its name, its location (null: the default) and its properties. */
    void created(String name, String location, Map<String, String> properties) {
        name(name);
        location("Location", location);
        properties(properties);
    }

    /** A location (table, view, metadata file) must be the warehouse root or under it; null is the default. */
    void location(String what, String location) {
        if (location != null && !insideWarehouse(location)) {
            throw new ForbiddenException("%s %s is outside the warehouse %s", what, location, root);
        }
    }

    /** Properties that relocate a table's files (or a namespace's) must stay inside the warehouse too. */
    void properties(Map<String, String> properties) {
        if (properties == null) {
            return;
        }
        for (String key : LOCATION_PROPERTIES) {
            location("Property " + key, properties.get(key));
        }
        // a location provider of the client's choosing could write anywhere
        if (properties.containsKey(TableProperties.WRITE_LOCATION_PROVIDER_IMPL)) {
            throw new ForbiddenException(
                    "Property %s cannot be set through the REST catalog", TableProperties.WRITE_LOCATION_PROVIDER_IMPL);
        }
    }

    private boolean insideWarehouse(String location) {
        if (fileRoot != null) {
            Path path = localPath(location);
            return path != null && path.normalize().startsWith(fileRoot);
        }
        // another scheme (object stores): a plain prefix match, with no segment that could climb back out
        for (String segment : location.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return false;
            }
        }
        return location.equals(root) || location.startsWith(root + "/");
    }

    /** The local path of a {@code file:} URI or a scheme-less absolute path, else null. */
    private static Path localPath(String location) {
        String path;
        if (location.startsWith("file:")) {
            path = location.substring("file:".length());
            if (path.startsWith("//")) {
                // file://host/path: only an empty host or localhost is this machine
                int slash = path.indexOf('/', 2);
                String host = slash < 0 ? path.substring(2) : path.substring(2, slash);
                if (!host.isEmpty() && !host.equals("localhost")) {
                    return null;
                }
                path = slash < 0 ? "/" : path.substring(slash);
            }
        } else if (location.startsWith("/")) {
            path = location;
        } else {
            return null;
        }
        return path.indexOf('\0') >= 0 ? null : Path.of(path).toAbsolutePath().normalize();
    }

    private static String nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "empty";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "longer than " + MAX_NAME_LENGTH + " characters";
        }
        if (name.equals(".") || name.equals("..")) {
            return "not a name";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return "contains a path separator";
            }
            if (Character.isISOControl(c)) {
                return "contains a control character";
            }
        }
        return null;
    }

    /** The name for a message: shortened, control characters escaped. */
    private static String quoted(String name) {
        if (name == null) {
            return "null";
        }
        String shown = name.length() > 64 ? name.substring(0, 64) + "..." : name;
        StringBuilder s = new StringBuilder("'");
        shown.chars().forEach(c -> s.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : (char) c));
        return s.append('\'').toString();
    }
}
