package dev.chunkwise.jpa.entities;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of the live-table tests: {@code k} is a sort attribute with duplicates (the id breaks
 * ties) that writers move; {@code payload} and {@code edits} are what non-key updates change;
 * {@code visits} counts how often a writing scan handled the row. Loaded with plain SQL.
 */
@Entity
@Table(name = "jpalive_row")
public class LiveRow {

    @Id
    private Long id;

    @Column(nullable = false)
    private long k;

    @Column(length = 40)
    private String payload;

    @Column(nullable = false)
    private int edits;

    @Column(nullable = false)
    private int visits;

    protected LiveRow() {}

    public Long getId() {
        return id;
    }

    public long getK() {
        return k;
    }

    public String getPayload() {
        return payload;
    }

    public int getVisits() {
        return visits;
    }

    public void visit() {
        visits++;
    }
}
