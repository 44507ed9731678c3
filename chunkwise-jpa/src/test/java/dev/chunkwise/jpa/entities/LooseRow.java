package dev.chunkwise.jpa.entities;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An entity whose {@code @Id} the table does not enforce: {@code jpa_loose_row} is created by the
 * test without a primary key, and holds several rows with one code, as a mapping over a view or a
 * legacy table can.
 */
@Entity(name = "LooseRow")
@Table(name = "jpa_loose_row")
public class LooseRow {

    @Id
    private Long code;

    @Column(length = 10)
    private String label;

    protected LooseRow() {}

    public Long getCode() {
        return code;
    }

    public String getLabel() {
        return label;
    }
}
