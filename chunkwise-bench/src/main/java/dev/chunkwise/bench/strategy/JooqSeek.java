package dev.chunkwise.bench.strategy;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.unquotedName;

import dev.chunkwise.bench.Database;
import java.time.LocalDateTime;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.SelectSeekStep1;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * {@code jooq-seek}: jOOQ's keyset paging, {@code orderBy(ID).seek(last).limit(n)}, one page
 * fetched per query as jOOQ's manual shows, over the pooled DataSource. Names are unquoted, as the
 * table was created (H2 folds them to upper case).
 */
public final class JooqSeek implements Strategy {

    private static final Field<Long> ID = field(unquotedName("id"), SQLDataType.BIGINT);
    private static final Field<Long> AUTHOR_ID = field(unquotedName("author_id"), SQLDataType.BIGINT);
    private static final Field<String> TITLE = field(unquotedName("title"), SQLDataType.VARCHAR);
    private static final Field<String> SLUG = field(unquotedName("slug"), SQLDataType.VARCHAR);
    private static final Field<String> BODY = field(unquotedName("body"), SQLDataType.VARCHAR);
    private static final Field<String> STATUS = field(unquotedName("status"), SQLDataType.VARCHAR);
    private static final Field<Integer> VIEWS = field(unquotedName("views"), SQLDataType.INTEGER);
    private static final Field<Double> SCORE = field(unquotedName("score"), SQLDataType.DOUBLE);
    private static final Field<LocalDateTime> CREATED_AT = field(unquotedName("created_at"), SQLDataType.LOCALDATETIME);
    private static final Field<LocalDateTime> UPDATED_AT = field(unquotedName("updated_at"), SQLDataType.LOCALDATETIME);
    private static final List<Field<?>> FIELDS =
            List.of(ID, AUTHOR_ID, TITLE, SLUG, BODY, STATUS, VIEWS, SCORE, CREATED_AT, UPDATED_AT);

    private DSLContext dsl;

    @Override
    public void setUp(BenchContext context) {
        dsl = DSL.using(context.dataSource(), dialect(context.database()));
    }

    @Override
    public void scan(BenchContext context) {
        int pageSize = context.chunkSize();
        Long last = null;
        while (true) {
            // jOOQ's query objects are mutable builders: each page starts a new one.
            SelectSeekStep1<Record, Long> ordered =
                    dsl.select(FIELDS).from(table(unquotedName("bench_entry"))).orderBy(ID);
            Result<Record> page = last == null
                    ? ordered.limit(pageSize).fetch()
                    : ordered.seek(last).limit(pageSize).fetch();
            for (Record row : page) {
                context.probe()
                        .row(
                                row.get(ID),
                                row.get(AUTHOR_ID),
                                row.get(TITLE),
                                row.get(SLUG),
                                row.get(BODY),
                                row.get(STATUS),
                                row.get(VIEWS),
                                row.get(SCORE),
                                row.get(CREATED_AT),
                                row.get(UPDATED_AT));
            }
            if (!page.isEmpty()) {
                context.probe().chunkEnded();
                last = page.get(page.size() - 1).get(ID);
            }
            if (page.size() < pageSize) {
                return;
            }
        }
    }

    private static SQLDialect dialect(Database database) {
        switch (database) {
            case POSTGRESQL:
                return SQLDialect.POSTGRES;
            case MARIADB:
                return SQLDialect.MARIADB;
            case H2:
                return SQLDialect.H2;
            case SQLITE:
                return SQLDialect.SQLITE;
            default:
                throw new AssertionError(database);
        }
    }
}
