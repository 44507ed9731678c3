package dev.chunkwise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.testing.TestDatabase;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fetch size each driver's chunk statements get: by default the chunk size capped at 1000
 * (pgjdbc, where a fetch is a round trip) or at 100 (MariaDB Connector/J, where the server sends
 * a whole chunk at once), {@code Integer.MIN_VALUE} for MySQL Connector/J, nothing for the
 * embedded databases; and the caller's {@code fetchSize(n)} where the driver streams by fetch size.
 */
class FetchSizeTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void chunkStatementsGetTheDriversDefaultFetchSizeOrTheCallersOwn(TestDatabase database) {
        database.drop("fetch_size");
        database.execute("CREATE TABLE fetch_size (id " + database.bigint() + " PRIMARY KEY)");
        List<Object[]> rows = new ArrayList<>();
        for (long id = 1; id <= 5; id++) {
            rows.add(new Object[] {id});
        }
        database.insert("fetch_size", "id", rows);

        assertThat(fetchSizesSet(database, 2000, null)).containsOnly(expectedDefault(database, 2000));
        assertThat(fetchSizesSet(database, 50, null)).containsOnly(expectedDefault(database, 50));
        assertThat(fetchSizesSet(database, 2000, 250)).containsOnly(expectedExplicit(database, 250));
    }

    private static Integer expectedDefault(TestDatabase database, int chunkSize) {
        return switch (database) {
            case POSTGRESQL -> Math.min(chunkSize, 1000);
            case MARIADB -> Math.min(chunkSize, 100);
            case MYSQL_DRIVER -> Integer.MIN_VALUE;
            case H2, SQLITE -> null;
        };
    }

    private static Integer expectedExplicit(TestDatabase database, int fetchSize) {
        return switch (database) {
            case POSTGRESQL, MARIADB -> fetchSize;
            case MYSQL_DRIVER -> Integer.MIN_VALUE;
            case H2, SQLITE -> null;
        };
    }

    /** Runs a scan and returns the fetch size set on its chunk statements (a null element if none was). */
    private static List<Integer> fetchSizesSet(TestDatabase database, int chunkSize, Integer fetchSize) {
        List<Integer> set = new CopyOnWriteArrayList<>();
        List<PreparedStatement> prepared = new CopyOnWriteArrayList<>();
        ConnectionSource source = () -> recording(database.dataSource().getConnection(), set, prepared);
        Scan.Builder builder = Scan.over(source).table("fetch_size").chunkSize(chunkSize);
        if (fetchSize != null) {
            builder.fetchSize(fetchSize);
        }
        List<Long> ids = new ArrayList<>();
        builder.build(row -> row.getLong(1)).forEach(ids::add);
        assertThat(ids).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(prepared).isNotEmpty();
        if (set.isEmpty()) {
            List<Integer> none = new ArrayList<>();
            none.add(null);
            return none;
        }
        return set;
    }

    private static Connection recording(
            Connection connection, List<Integer> fetchSizes, List<PreparedStatement> prepared) {
        InvocationHandler onConnection = (proxy, method, arguments) -> {
            Object result = invoke(connection, method, arguments);
            if (result instanceof PreparedStatement statement) {
                PreparedStatement recorded = (PreparedStatement) Proxy.newProxyInstance(
                        FetchSizeTest.class.getClassLoader(),
                        new Class<?>[] {PreparedStatement.class},
                        (statementProxy, statementMethod, statementArguments) -> {
                            if (statementMethod.getName().equals("setFetchSize")) {
                                fetchSizes.add((Integer) statementArguments[0]);
                            }
                            return invoke(statement, statementMethod, statementArguments);
                        });
                prepared.add(recorded);
                return recorded;
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(
                FetchSizeTest.class.getClassLoader(), new Class<?>[] {Connection.class}, onConnection);
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
