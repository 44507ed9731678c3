package dev.chunkwise.jpa.entities;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The entity of the 1M-row memory test; its table is loaded with plain SQL. */
@Entity
@Table(name = "jpa_big_row")
public class BigRow {

    @Id
    private Long id;

    @Column(nullable = false, length = 200)
    private String payload;

    @Column(nullable = false)
    private int counter;

    protected BigRow() {}

    public Long getId() {
        return id;
    }

    public String getPayload() {
        return payload;
    }

    public int getCounter() {
        return counter;
    }

    public void increment() {
        counter++;
    }
}
