package dev.chunkwise.jpa.entities;

import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** An entity with an {@code @EmbeddedId} (isbn, printing) and a nullable attribute. */
@Entity
@Table(name = "jpa_edition")
public class Edition {

    @EmbeddedId
    private EditionId id;

    private Integer copies;

    protected Edition() {}

    public Edition(EditionId id, Integer copies) {
        this.id = id;
        this.copies = copies;
    }

    public EditionId getId() {
        return id;
    }

    public Integer getCopies() {
        return copies;
    }

    @Override
    public String toString() {
        return "Edition#" + id;
    }
}
