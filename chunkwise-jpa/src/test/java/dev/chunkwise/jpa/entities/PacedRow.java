package dev.chunkwise.jpa.entities;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.Table;
import java.util.function.Consumer;

/**
 * A numbered row whose loading can be given a cost: {@link #onLoad} is called for every instance
 * Hibernate loads, inside the chunk query, so that a test can advance a fake clock by a chosen time
 * per entity. Loaded with plain SQL.
 */
@Entity
@Table(name = "jpalive_paced")
public class PacedRow {

    /** Called with every loaded entity; a test sets it and resets it. */
    public static volatile Consumer<PacedRow> onLoad = row -> {};

    @Id
    private Long id;

    protected PacedRow() {}

    public Long getId() {
        return id;
    }

    @PostLoad
    void loaded() {
        onLoad.accept(this);
    }
}
