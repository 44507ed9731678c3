package dev.chunkwise.spring.boot;

/**
 * The PostgreSQL server of the tests: {@code CHUNKWISE_POSTGRES_URL}, by default the local
 * database {@code test}.
 */
final class TestDatabase {

    private static final String DEFAULT_URL =
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&ApplicationName=chunkwise-tests";

    private TestDatabase() {}

    static String url() {
        String url = System.getenv("CHUNKWISE_POSTGRES_URL");
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }
}
