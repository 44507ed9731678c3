package dev.chunkwise.jpa.entities;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A numbered row with a counter: the write tests count how often each entity was handled. */
@Entity
@Table(name = "hx_jpa_ledger")
public class Ledger {

    @Id
    private Long id;

    @Column(nullable = false)
    private int visits;

    protected Ledger() {}

    public Ledger(Long id) {
        this.id = id;
    }

    public Long getId() {
        return id;
    }

    public int getVisits() {
        return visits;
    }

    public void visit() {
        visits++;
    }
}
