package dev.chunkwise.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.mysql.cj.jdbc.exceptions.CommunicationsException;
import com.mysql.cj.jdbc.exceptions.MySQLTransactionRollbackException;
import dev.chunkwise.internal.Failures;
import dev.chunkwise.testing.TestDatabase;
import java.io.EOFException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

/**
 * Which failures a scan retries: the drivers' own exception classes with the SQL states and vendor
 * codes the servers send, and real errors provoked on every database.
 */
class FailureClassificationTest {

    private static PSQLException postgres(String sqlState, String message) {
        return new PSQLException(new ServerErrorMessage("SERROR\0C" + sqlState + "\0M" + message + "\0"));
    }

    @Test
    void postgresqlSerializationFailuresDeadlocksAndTerminatedBackendsAreTransient() {
        assertThat(Failures.isTransient(postgres("40001", "could not serialize access")))
                .isTrue();
        assertThat(Failures.isTransient(postgres("40P01", "deadlock detected"))).isTrue();
        assertThat(Failures.isTransient(postgres("57P01", "terminating connection due to administrator command")))
                .isTrue();
        assertThat(Failures.isTransient(
                        new PSQLException("An I/O error occurred", PSQLState.CONNECTION_FAILURE, new EOFException())))
                .isTrue();
        assertThat(Failures.isTransient(new PSQLException("gone", PSQLState.CONNECTION_FAILURE)))
                .isTrue();
        assertThat(Failures.isTransient(new PSQLException("x", PSQLState.SERIALIZATION_FAILURE)))
                .isTrue();
        assertThat(Failures.isTransient(new PSQLException("x", PSQLState.DEADLOCK_DETECTED)))
                .isTrue();
    }

    @Test
    void postgresqlSyntaxAndCatalogErrorsAreNotTransient() {
        assertThat(Failures.isTransient(postgres("42601", "syntax error at or near \"FORM\"")))
                .isFalse();
        assertThat(Failures.isTransient(postgres("42703", "column \"nope\" does not exist")))
                .isFalse();
        assertThat(Failures.isTransient(postgres("42P01", "relation \"nope\" does not exist")))
                .isFalse();
        assertThat(Failures.isTransient(postgres("23505", "duplicate key value")))
                .isFalse();
        assertThat(Failures.isTransient(postgres("42501", "permission denied"))).isFalse();
    }

    @Test
    void mariadbDeadlocksLockWaitTimeoutsAndLostConnectionsAreTransient() {
        // as MariaDB Connector/J 3 reports them
        assertThat(Failures.isTransient(new SQLTransactionRollbackException(
                        "Deadlock found when trying to get lock; try restarting transaction", "40001", 1213)))
                .isTrue();
        assertThat(Failures.isTransient(
                        new SQLException("Lock wait timeout exceeded; try restarting transaction", "HY000", 1205)))
                .isTrue();
        assertThat(Failures.isTransient(new SQLNonTransientConnectionException("Socket error", "08000", -1)))
                .isTrue();
        assertThat(Failures.isTransient(new SQLNonTransientConnectionException(
                        "Lost connection to server during query", "08S01", 2013)))
                .isTrue();
        assertThat(Failures.isTransient(new SQLException("Connection was killed", "70100", 1927)))
                .isTrue();
    }

    @Test
    void mysqlConnectorJDeadlocksLockWaitTimeoutsAndLostConnectionsAreTransient() {
        assertThat(Failures.isTransient(
                        new MySQLTransactionRollbackException("Deadlock found when trying to get lock", "40001", 1213)))
                .isTrue();
        assertThat(Failures.isTransient(
                        new MySQLTransactionRollbackException("Lock wait timeout exceeded", "40001", 1205)))
                .isTrue();
        assertThat(Failures.isTransient(new CommunicationsException(
                        "Communications link failure", new EOFException("Can not read response from server"))))
                .isTrue();
        assertThat(Failures.isTransient(
                        new SQLException("Lost connection to MySQL server during query", "HY000", 2013)))
                .isTrue();
        assertThat(Failures.isTransient(new SQLException("Communications link failure", "08S01", 0)))
                .isTrue();
    }

    @Test
    void mysqlAndMariadbSyntaxAndConstraintErrorsAreNotTransient() {
        assertThat(Failures.isTransient(
                        new SQLSyntaxErrorException("You have an error in your SQL syntax", "42000", 1064)))
                .isFalse();
        assertThat(Failures.isTransient(new SQLSyntaxErrorException("Unknown column 'nope'", "42S22", 1054)))
                .isFalse();
        assertThat(Failures.isTransient(new SQLIntegrityConstraintViolationException("Duplicate entry", "23000", 1062)))
                .isFalse();
        // a vendor code that means a deadlock elsewhere is not enough with a syntax SQL state
        assertThat(Failures.isTransient(new SQLSyntaxErrorException("odd", "42000", 1213)))
                .isFalse();
    }

    @Test
    void aTransientFailureIsFoundAnywhereInTheCauseChainAndAmongNextExceptions() {
        SQLException wrapper = new SQLException(
                "batch failed", "HY000", 0, new MySQLTransactionRollbackException("Deadlock found", "40001", 1213));
        assertThat(Failures.isTransient(wrapper)).isTrue();
        BatchUpdateException batch = new BatchUpdateException("batch entry 3 failed", "22000", 0, new int[0]);
        batch.setNextException(postgres("40P01", "deadlock detected"));
        assertThat(Failures.isTransient(batch)).isTrue();
        SQLException permanent = new SQLException("wrapped", "HY000", 0, postgres("42601", "syntax error"));
        assertThat(Failures.isTransient(permanent)).isFalse();
    }

    @Test
    void describeNamesStateCodeAndTheFirstLineOfTheMessage() {
        assertThat(Failures.describe(new SQLException("Lock wait timeout exceeded\nmore", "HY000", 1205)))
                .isEqualTo("SQLState HY000, code 1205: Lock wait timeout exceeded");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void realSyntaxErrorsAndUnknownColumnsFromEachDatabaseAreNotTransient(TestDatabase database) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            SQLException syntax =
                    catchThrowableOfType(SQLException.class, () -> statement.executeQuery("SELEC 1 FORM nowhere"));
            assertThat((Throwable) syntax).isNotNull();
            assertThat(Failures.isTransient(syntax))
                    .as(Failures.describe(syntax))
                    .isFalse();
            SQLException unknownColumn = catchThrowableOfType(
                    SQLException.class, () -> statement.executeQuery("SELECT no_such_column FROM rel_no_such_table"));
            assertThat((Throwable) unknownColumn).isNotNull();
            assertThat(Failures.isTransient(unknownColumn))
                    .as(Failures.describe(unknownColumn))
                    .isFalse();
        }
    }
}
