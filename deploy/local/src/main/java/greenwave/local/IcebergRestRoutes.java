package greenwave.local;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.catalog.ViewCatalog;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.exceptions.UnprocessableEntityException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.RESTRequest;
import org.apache.iceberg.rest.RESTResponse;
import org.apache.iceberg.rest.RESTSerializers;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.shaded.com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.apache.iceberg.shaded.com.fasterxml.jackson.annotation.PropertyAccessor;
import org.apache.iceberg.shaded.com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.iceberg.shaded.com.fasterxml.jackson.databind.DeserializationFeature;
import org.apache.iceberg.shaded.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.iceberg.shaded.com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * The Iceberg REST catalog protocol's routes (prefix-less {@code /v1/...}) mapped onto a {@link Catalog} with
 * Iceberg's own server-side helpers ({@link CatalogHandlers}); no HTTP here, see {@link IcebergRestCatalogServer}.
 * Stateless: every request goes to the catalog.
 *
 * <p>JSON is read and written with an object mapper configured like Iceberg's {@code RESTObjectMapper} (which is
 * package-private): kebab-case names, unknown properties ignored, Iceberg's REST serializers registered.
 */
final class IcebergRestRoutes {

    /** What a route answered: {@code body} null means 204 No Content. */
    record Reply(int status, RESTResponse body) {
        static final Reply NO_CONTENT = new Reply(204, null);
    }

    /** A request no route matches (404) or a known path with another method (405). */
    static final class NoRouteException extends RuntimeException {
        final int status;

        NoRouteException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /**
     * The routes, each with the protocol's endpoint (advertised by {@code GET /v1/config}) and the request class of
     * its body, if any. A route's path is its endpoint's without the {@code {prefix}} segment.
     */
    enum Route {
        CONFIG(Endpoint.create("GET", "/v1/config"), null),
        LIST_NAMESPACES(Endpoint.V1_LIST_NAMESPACES, null),
        CREATE_NAMESPACE(Endpoint.V1_CREATE_NAMESPACE, CreateNamespaceRequest.class),
        LOAD_NAMESPACE(Endpoint.V1_LOAD_NAMESPACE, null),
        NAMESPACE_EXISTS(Endpoint.V1_NAMESPACE_EXISTS, null),
        DROP_NAMESPACE(Endpoint.V1_DELETE_NAMESPACE, null),
        UPDATE_NAMESPACE(Endpoint.V1_UPDATE_NAMESPACE, UpdateNamespacePropertiesRequest.class),
        LIST_TABLES(Endpoint.V1_LIST_TABLES, null),
        CREATE_TABLE(Endpoint.V1_CREATE_TABLE, CreateTableRequest.class),
        LOAD_TABLE(Endpoint.V1_LOAD_TABLE, null),
        TABLE_EXISTS(Endpoint.V1_TABLE_EXISTS, null),
        UPDATE_TABLE(Endpoint.V1_UPDATE_TABLE, UpdateTableRequest.class),
        DROP_TABLE(Endpoint.V1_DELETE_TABLE, null),
        RENAME_TABLE(Endpoint.V1_RENAME_TABLE, RenameTableRequest.class),
        REGISTER_TABLE(Endpoint.V1_REGISTER_TABLE, RegisterTableRequest.class),
        REPORT_METRICS(Endpoint.V1_REPORT_METRICS, null), // body not even parsed: metrics are ignored
        LIST_VIEWS(Endpoint.V1_LIST_VIEWS, null),
        CREATE_VIEW(Endpoint.V1_CREATE_VIEW, CreateViewRequest.class),
        LOAD_VIEW(Endpoint.V1_LOAD_VIEW, null),
        VIEW_EXISTS(Endpoint.V1_VIEW_EXISTS, null),
        UPDATE_VIEW(Endpoint.V1_UPDATE_VIEW, UpdateTableRequest.class),
        DROP_VIEW(Endpoint.V1_DELETE_VIEW, null),
        RENAME_VIEW(Endpoint.V1_RENAME_VIEW, RenameTableRequest.class);

        final Endpoint endpoint;
        final Class<? extends RESTRequest> requestClass;
        private final String[] segments;

        Route(Endpoint endpoint, Class<? extends RESTRequest> requestClass) {
            this.endpoint = endpoint;
            this.requestClass = requestClass;
            this.segments = split(endpoint.path().replace("/{prefix}", ""));
        }

        boolean isView() {
            return name().contains("VIEW");
        }

        /** The path variables ({@code namespace}, {@code table}, {@code view}) if the path matches, else null. */
        Map<String, String> match(String[] path) {
            if (path.length != segments.length) {
                return null;
            }
            Map<String, String> vars = new HashMap<>();
            for (int i = 0; i < path.length; i++) {
                String s = segments[i];
                if (s.startsWith("{") && s.endsWith("}")) {
                    vars.put(s.substring(1, s.length() - 1), path[i]);
                } else if (!s.equals(path[i])) {
                    return null;
                }
            }
            return vars;
        }
    }

    /** HTTP status per exception, the REST spec's mapping; the first class the exception is an instance of wins. */
    private static final List<Map.Entry<Class<? extends Exception>, Integer>> STATUS = List.of(
            Map.entry(NoSuchTableException.class, 404),
            Map.entry(NoSuchNamespaceException.class, 404),
            Map.entry(NoSuchViewException.class, 404),
            Map.entry(NotFoundException.class, 404),
            Map.entry(AlreadyExistsException.class, 409),
            Map.entry(CommitFailedException.class, 409),
            Map.entry(NamespaceNotEmptyException.class, 409),
            Map.entry(BadRequestException.class, 400),
            Map.entry(ValidationException.class, 400),
            Map.entry(IllegalArgumentException.class, 400),
            Map.entry(NotAuthorizedException.class, 401),
            Map.entry(ForbiddenException.class, 403),
            Map.entry(UnsupportedOperationException.class, 406),
            Map.entry(UnprocessableEntityException.class, 422),
            Map.entry(GuardedHttpServer.BodyTooLargeException.class, 413),
            Map.entry(ServiceUnavailableException.class, 503));

    private static final ObjectMapper MAPPER = newMapper();

    private final Catalog catalog;
    private final SupportsNamespaces namespaces;
    private final ViewCatalog views;
    private final IcebergRestChecks checks;

    /** Routes to {@code catalog}, whose tables and views must stay under {@code warehouse}. */
    IcebergRestRoutes(Catalog catalog, String warehouse) {
        this.catalog = catalog;
        this.checks = new IcebergRestChecks(warehouse);
        this.namespaces = catalog instanceof SupportsNamespaces n ? n : null;
        this.views = catalog instanceof ViewCatalog v ? v : null;
    }

    /** The endpoints this catalog supports: namespaces if it has them, views if it is a view catalog. */
    List<Endpoint> endpoints() {
        List<Endpoint> out = new ArrayList<>();
        for (Route r : Route.values()) {
            if (r != Route.CONFIG && supports(r)) {
                out.add(r.endpoint);
            }
        }
        return out;
    }

    /** The route for a method and raw (still percent-encoded) path with its path variables. */
    Map.Entry<Route, Map<String, String>> route(String method, String rawPath) {
        String[] path = split(rawPath);
        boolean pathKnown = false;
        for (Route r : Route.values()) {
            Map<String, String> vars = supports(r) ? r.match(path) : null;
            if (vars != null) {
                if (r.endpoint.httpMethod().equalsIgnoreCase(method)) {
                    return Map.entry(r, vars);
                }
                pathKnown = true;
            }
        }
        throw pathKnown
                ? new NoRouteException(405, "Method " + method + " not allowed on " + rawPath)
                : new NoRouteException(404, "No route for " + method + " " + rawPath);
    }

    /** Runs one request: {@code query} decoded, {@code body} the request's JSON (empty for none). */
    Reply handle(Route route, Map<String, String> vars, Map<String, String> query, byte[] body) {
        RESTRequest request = route.requestClass == null ? null : parse(route.requestClass, body);
        String pageToken = query.get("pageToken");
        String pageSize = query.get("pageSize");
        boolean paged = pageSize != null && !pageSize.isEmpty();
        Namespace ns = vars.containsKey("namespace") ? namespace(vars.get("namespace")) : null;
        String name = vars.containsKey("table") ? vars.get("table") : vars.get("view");
        TableIdentifier id = name == null ? null : TableIdentifier.of(ns, RESTUtil.decodeString(name));
        if (ns != null) {
            checks.namespace(ns);
        }
        if (id != null) {
            checks.identifier(id);
        }
        check(request);
        return switch (route) {
            // defaults and overrides: none (written as empty objects); no prefix
            case CONFIG ->
                ok(ConfigResponse.builder().withEndpoints(endpoints()).build());
            case LIST_NAMESPACES ->
                ok(
                        paged
                                ? CatalogHandlers.listNamespaces(namespaces, parent(query), pageToken, pageSize)
                                : CatalogHandlers.listNamespaces(namespaces, parent(query)));
            case CREATE_NAMESPACE -> ok(CatalogHandlers.createNamespace(namespaces, (CreateNamespaceRequest) request));
            case LOAD_NAMESPACE -> ok(CatalogHandlers.loadNamespace(namespaces, ns));
            case NAMESPACE_EXISTS -> noContent(() -> CatalogHandlers.namespaceExists(namespaces, ns));
            case DROP_NAMESPACE -> noContent(() -> CatalogHandlers.dropNamespace(namespaces, ns));
            case UPDATE_NAMESPACE ->
                ok(CatalogHandlers.updateNamespaceProperties(
                        namespaces, ns, (UpdateNamespacePropertiesRequest) request));
            case LIST_TABLES ->
                ok(
                        paged
                                ? CatalogHandlers.listTables(catalog, ns, pageToken, pageSize)
                                : CatalogHandlers.listTables(catalog, ns));
            case CREATE_TABLE ->
                ok(
                        ((CreateTableRequest) request).stageCreate()
                                ? CatalogHandlers.stageTableCreate(catalog, ns, (CreateTableRequest) request)
                                : CatalogHandlers.createTable(catalog, ns, (CreateTableRequest) request));
            case LOAD_TABLE -> ok(CatalogHandlers.loadTable(catalog, id));
            case TABLE_EXISTS -> noContent(() -> CatalogHandlers.tableExists(catalog, id));
            case UPDATE_TABLE -> ok(CatalogHandlers.updateTable(catalog, id, (UpdateTableRequest) request));
            case DROP_TABLE ->
                noContent(
                        Boolean.parseBoolean(query.get("purgeRequested"))
                                ? () -> CatalogHandlers.purgeTable(catalog, id)
                                : () -> CatalogHandlers.dropTable(catalog, id));
            case RENAME_TABLE -> noContent(() -> CatalogHandlers.renameTable(catalog, (RenameTableRequest) request));
            case REGISTER_TABLE -> ok(CatalogHandlers.registerTable(catalog, ns, (RegisterTableRequest) request));
            case REPORT_METRICS -> Reply.NO_CONTENT; // accepted and ignored
            case LIST_VIEWS ->
                ok(
                        paged
                                ? CatalogHandlers.listViews(views, ns, pageToken, pageSize)
                                : CatalogHandlers.listViews(views, ns));
            case CREATE_VIEW -> ok(CatalogHandlers.createView(views, ns, (CreateViewRequest) request));
            case LOAD_VIEW -> ok(CatalogHandlers.loadView(views, id));
            case VIEW_EXISTS -> noContent(() -> CatalogHandlers.viewExists(views, id));
            case UPDATE_VIEW -> ok(CatalogHandlers.updateView(views, id, (UpdateTableRequest) request));
            case DROP_VIEW -> noContent(() -> CatalogHandlers.dropView(views, id));
            case RENAME_VIEW -> noContent(() -> CatalogHandlers.renameView(views, (RenameTableRequest) request));
        };
    }

    /** Checks the names and locations a request body carries (see {@link IcebergRestChecks}). */
    private void check(RESTRequest request) {
        if (request instanceof CreateNamespaceRequest r) {
            checks.namespace(r.namespace());
            checks.properties(r.properties());
        } else if (request instanceof UpdateNamespacePropertiesRequest r) {
            checks.properties(r.updates());
        } else if (request instanceof CreateTableRequest r) {
            checks.created(r.name(), r.location(), r.properties());
        } else if (request instanceof RegisterTableRequest r) {
            checks.name(r.name());
            checks.location("Metadata location", r.metadataLocation());
        } else if (request instanceof CreateViewRequest r) {
            checks.created(r.name(), r.location(), r.properties());
        } else if (request instanceof RenameTableRequest r) {
            checks.identifier(r.source());
            checks.identifier(r.destination());
        } else if (request instanceof UpdateTableRequest r) {
            for (MetadataUpdate update : r.updates()) {
                if (update instanceof MetadataUpdate.SetLocation set) {
                    checks.location("Location", set.location());
                } else if (update instanceof MetadataUpdate.SetProperties set) {
                    checks.properties(set.updated());
                }
            }
        }
    }

    /** The error body for a failed request, with the REST spec's status for the exception; no stack trace. */
    static ErrorResponse error(Exception e) {
        int status = e instanceof NoRouteException nr ? nr.status : status(e);
        String type = e instanceof NoRouteException
                ? (status == 404 ? "NoSuchEndpointException" : "MethodNotAllowedException")
                : e.getClass().getSimpleName();
        return ErrorResponse.builder()
                .responseCode(status)
                .withType(type)
                .withMessage(e.getMessage() == null ? e.toString() : e.getMessage())
                .build();
    }

    private static int status(Exception e) {
        for (Map.Entry<Class<? extends Exception>, Integer> s : STATUS) {
            if (s.getKey().isInstance(e)) {
                return s.getValue();
            }
        }
        return 500;
    }

    static byte[] json(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private boolean supports(Route r) {
        if (r.isView()) {
            return views != null;
        }
        return namespaces != null || !r.name().contains("NAMESPACE");
    }

    private static <T extends RESTRequest> T parse(Class<T> type, byte[] body) {
        if (body.length == 0) {
            throw new BadRequestException("Missing request body: %s", type.getSimpleName());
        }
        T request;
        try {
            request = MAPPER.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("Malformed %s: %s", type.getSimpleName(), e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestException("Unreadable %s: %s", type.getSimpleName(), e.getMessage());
        }
        if (request == null) {
            throw new BadRequestException("Missing request body: %s", type.getSimpleName());
        }
        request.validate();
        return request;
    }

    /** A namespace path segment: levels joined by %1F (RESTUtil's encoding), each level URL-encoded. */
    private static Namespace namespace(String segment) {
        return RESTUtil.decodeNamespace(segment.replace("%1f", "%1F"));
    }

    /** The {@code parent} query parameter (decoded: levels joined by the unit separator), else the root. */
    private static Namespace parent(Map<String, String> query) {
        String parent = query.get("parent");
        return parent == null || parent.isEmpty()
                ? Namespace.empty()
                : Namespace.of(RESTUtil.NAMESPACE_SPLITTER.splitToStream(parent).toArray(String[]::new));
    }

    private static Reply ok(RESTResponse body) {
        return new Reply(200, body);
    }

    private static Reply noContent(Runnable call) {
        call.run();
        return Reply.NO_CONTENT;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    private static ObjectMapper newMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        mapper.setPropertyNamingStrategy(new PropertyNamingStrategies.KebabCaseStrategy());
        RESTSerializers.registerAll(mapper);
        return mapper;
    }
}
