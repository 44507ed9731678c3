package dev.chunkwise.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chunkwise.jpa.entities.Author;
import dev.chunkwise.jpa.entities.Book;
import dev.chunkwise.jpa.entities.Edition;
import dev.chunkwise.jpa.entities.Review;
import dev.chunkwise.jpa.entities.Shipment;
import jakarta.persistence.EntityManagerFactory;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JDBC fetch size of chunk queries: on MariaDB Connector/J, where the server sends a whole
 * chunk at once, chunkwise asks Hibernate for a fetch size of at most 100 so that entities are
 * built while the rest of the chunk still arrives (as chunkwise-core does); elsewhere it leaves
 * the driver's default. Observed on the statements Hibernate prepares, through a recording
 * DataSource.
 */
@ExtendWith(ClosesFactories.class)
class FetchSizeTest {

    private static final int BOOKS = 30;

    @ParameterizedTest
    @EnumSource(JpaDatabase.class)
    void chunkQueriesAskForASmallFetchSizeOnlyWhereTheServerPushesTheChunk(JpaDatabase database) {
        Author author = new Author(1L, "Ada");
        List<Object> entities = new ArrayList<>();
        entities.add(author);
        for (Book plain : Fixtures.books(BOOKS)) {
            entities.add(new Book(plain.getId(), plain.getRank(), plain.getTitle(), plain.getStatus(), author));
        }
        database.replaceAll(entities);
        List<Integer> fetchSizes = new CopyOnWriteArrayList<>();
        List<String> chunkQueries = new CopyOnWriteArrayList<>();
        EntityManagerFactory factory = new TestPersistenceUnit("chunkwise-fetch-size-" + database)
                .property("jakarta.persistence.nonJtaDataSource", recording(database, fetchSizes, chunkQueries))
                .property("hibernate.hbm2ddl.auto", "none")
                .managedClass(Author.class)
                .managedClass(Book.class)
                .managedClass(Review.class)
                .managedClass(Edition.class)
                .managedClass(Shipment.class)
                .createEntityManagerFactory();
        try {
            List<Long> managed = new ArrayList<>();
            JpaScan<Book> scan = JpaScan.of(factory, Book.class).chunkSize(250).build();
            scan.forEach(book -> managed.add(book.getId()));
            List<Long> stateless = new ArrayList<>();
            scan.stateless().stream().forEach(book -> stateless.add(book.getId()));

            assertThat(managed).hasSize(BOOKS).isSorted();
            assertThat(stateless).isEqualTo(managed);
            assertThat(chunkQueries).hasSize(2);
            if (database == JpaDatabase.MARIADB) {
                assertThat(fetchSizes).containsExactly(100, 100);
            } else {
                assertThat(fetchSizes).isEmpty();
            }
        } finally {
            factory.close();
        }
    }

    /** A DataSource over the test database that records the fetch sizes set on chunk queries. */
    private static DataSource recording(JpaDatabase database, List<Integer> fetchSizes, List<String> chunkQueries) {
        return (DataSource) Proxy.newProxyInstance(
                FetchSizeTest.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, arguments) -> {
                    switch (method.getName()) {
                        case "getConnection":
                            return connection(
                                    DriverManager.getConnection(database.url(), database.user(), database.password()),
                                    fetchSizes,
                                    chunkQueries);
                        case "getLogWriter":
                            return (PrintWriter) null;
                        case "getLoginTimeout":
                            return 0;
                        case "getParentLogger":
                            return Logger.getGlobal();
                        case "isWrapperFor":
                            return false;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == arguments[0];
                        case "toString":
                            return "recording DataSource over " + database;
                        default:
                            throw new SQLException("not supported by the test DataSource: " + method.getName());
                    }
                });
    }

    private static Connection connection(Connection connection, List<Integer> fetchSizes, List<String> chunkQueries) {
        return (Connection) Proxy.newProxyInstance(
                FetchSizeTest.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
                    Object result = invoke(connection, method, arguments);
                    boolean chunkQuery = method.getName().equals("prepareStatement")
                            && ((String) arguments[0]).toLowerCase().contains("from jpa_book");
                    if (!chunkQuery) {
                        return result;
                    }
                    chunkQueries.add((String) arguments[0]);
                    PreparedStatement statement = (PreparedStatement) result;
                    return Proxy.newProxyInstance(
                            FetchSizeTest.class.getClassLoader(),
                            new Class<?>[] {PreparedStatement.class},
                            (statementProxy, statementMethod, statementArguments) -> {
                                if (statementMethod.getName().equals("setFetchSize")) {
                                    fetchSizes.add((Integer) statementArguments[0]);
                                }
                                return invoke(statement, statementMethod, statementArguments);
                            });
                });
    }

    private static Object invoke(Object target, Method method, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
