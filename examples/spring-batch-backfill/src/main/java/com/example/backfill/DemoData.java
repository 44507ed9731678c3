package com.example.backfill;

import javax.sql.DataSource;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Creates the demo table {@code entry} with {@code backfill.demo-rows} rows, all without a score,
 * when it does not exist yet. A real application has its table already: set
 * {@code backfill.demo-rows=0}.
 */
@Component
public class DemoData implements InitializingBean {

    private final JdbcTemplate jdbc;
    private final BackfillProperties properties;

    public DemoData(DataSource dataSource, BackfillProperties properties) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.properties = properties;
    }

    @Override
    public void afterPropertiesSet() {
        if (properties.demoRows() <= 0) {
            return;
        }
        jdbc.execute("CREATE TABLE IF NOT EXISTS entry (id bigint PRIMARY KEY, headline text NOT NULL,"
                + " body_length int NOT NULL, score int)");
        Long rows = jdbc.queryForObject("SELECT count(*) FROM entry", Long.class);
        if (rows != null && rows == 0) {
            jdbc.update(
                    "INSERT INTO entry (id, headline, body_length) SELECT g, 'headline ' || g, (g * 7919) % 5000"
                            + " FROM generate_series(1, ?) g",
                    properties.demoRows());
            jdbc.execute("ANALYZE entry");
        }
    }
}
