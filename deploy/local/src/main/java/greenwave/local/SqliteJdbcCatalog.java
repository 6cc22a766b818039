package greenwave.local;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.jdbc.JdbcClientPool;

/**
 * Iceberg's {@link JdbcCatalog}, made safe for several committers on one SQLite file.
 *
 * <p>Why: {@code JdbcCatalog.initialize} (Iceberg 1.10) checks its schema with
 * {@code DatabaseMetaData.getTables(..).next()} and {@code getColumns(..).next()} and never closes those result sets.
 * With SQLite an unfinished statement keeps a read transaction open on the connection for its whole life, so a
 * second catalog instance writing to the same file fails at once with {@code SQLITE_BUSY} (rollback journal: the
 * lock upgrade would deadlock, so SQLite does not wait for {@code busy_timeout}) or {@code SQLITE_BUSY_SNAPSHOT}
 * (WAL). Flink opens one catalog per committer, so parallel Iceberg sinks hit it on their first concurrent commit.
 *
 * <p>This class only wraps the pool's connections so that result sets handed out by {@code getMetaData()} are closed
 * before the connection is used again. Tables and catalog rows are exactly the stock {@code JdbcCatalog}'s, so other
 * engines open the catalog with the plain {@code JdbcCatalog} ({@code type=jdbc}).
 */
public class SqliteJdbcCatalog extends JdbcCatalog {

    public SqliteJdbcCatalog() {
        super(null, SqliteJdbcCatalog::newPool, true);
    }

    private static JdbcClientPool newPool(Map<String, String> properties) {
        return new JdbcClientPool(properties.get(CatalogProperties.URI), properties) {
            @Override
            protected Connection newClient() {
                return closingMetadataResults(super.newClient());
            }
        };
    }

    /** A connection that closes the result sets of its {@code DatabaseMetaData} before any other use. */
    static Connection closingMetadataResults(Connection connection) {
        List<ResultSet> metadataResults = new ArrayList<>();
        Connection[] proxyConnection = new Connection[1];
        InvocationHandler metadataHandler = new InvocationHandler() {
            private DatabaseMetaData target;

            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                if (target == null) {
                    target = connection.getMetaData();
                }
                Object result = call(target, method, args);
                if (result instanceof ResultSet rs) {
                    synchronized (metadataResults) {
                        metadataResults.add(rs);
                    }
                }
                if (result instanceof Connection) {
                    return proxyConnection[0];
                }
                return result;
            }
        };
        InvocationHandler connectionHandler = (proxy, method, args) -> {
            closeAll(metadataResults);
            if (method.getName().equals("getMetaData") && method.getParameterCount() == 0) {
                return Proxy.newProxyInstance(
                        SqliteJdbcCatalog.class.getClassLoader(),
                        new Class<?>[] {DatabaseMetaData.class},
                        metadataHandler);
            }
            return call(connection, method, args);
        };
        proxyConnection[0] = (Connection) Proxy.newProxyInstance(
                SqliteJdbcCatalog.class.getClassLoader(), new Class<?>[] {Connection.class}, connectionHandler);
        return proxyConnection[0];
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void closeAll(List<ResultSet> results) {
        synchronized (results) {
            for (ResultSet rs : results) {
                try {
                    rs.close();
                } catch (SQLException ignored) {
                    // already closed or connection gone
                }
            }
            results.clear();
        }
    }
}
