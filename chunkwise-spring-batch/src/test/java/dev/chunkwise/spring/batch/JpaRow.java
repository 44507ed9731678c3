package dev.chunkwise.spring.batch;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/** A row of the JPA tests' table, {@code chunkwise_spring_batch.jpa_rows} (made by {@link Fixture}). */
@Entity
@Table(name = JpaRow.TABLE, schema = BatchDatabase.SCHEMA)
public class JpaRow {

    static final String TABLE = "jpa_rows";

    @Id
    private Long id;

    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;

    private Integer amount;

    protected JpaRow() {}

    public Long id() {
        return id;
    }

    public LocalDateTime createdAt() {
        return createdAt;
    }

    public Integer amount() {
        return amount;
    }
}
