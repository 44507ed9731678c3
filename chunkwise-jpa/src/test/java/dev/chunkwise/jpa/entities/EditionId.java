package dev.chunkwise.jpa.entities;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.util.Objects;

@Embeddable
public class EditionId implements Serializable {

    private static final long serialVersionUID = 1L;

    @Column(length = 20)
    private String isbn;

    private Integer printing;

    protected EditionId() {}

    public EditionId(String isbn, Integer printing) {
        this.isbn = isbn;
        this.printing = printing;
    }

    public String getIsbn() {
        return isbn;
    }

    public Integer getPrinting() {
        return printing;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EditionId
                && ((EditionId) other).isbn.equals(isbn)
                && ((EditionId) other).printing.equals(printing);
    }

    @Override
    public int hashCode() {
        return Objects.hash(isbn, printing);
    }

    @Override
    public String toString() {
        return isbn + "/" + printing;
    }
}
