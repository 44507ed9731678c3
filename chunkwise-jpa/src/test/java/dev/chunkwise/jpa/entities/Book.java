package dev.chunkwise.jpa.entities;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;

/** A simple-id entity with a nullable sort attribute and lazy associations both ways. */
@Entity
@Table(name = "jpa_book")
public class Book {

    @Id
    private Long id;

    /** Nullable, with duplicates: the sort attribute of the nullable-key tests. */
    @Column(name = "book_rank")
    private Integer rank;

    @Column(nullable = false, length = 40)
    private String title;

    @Column(nullable = false, length = 10)
    private String status;

    @Column(nullable = false, unique = true, length = 20)
    private String isbn;

    @ManyToOne(fetch = FetchType.LAZY)
    private Author author;

    @OneToMany(mappedBy = "book", fetch = FetchType.LAZY)
    private List<Review> reviews = new ArrayList<>();

    protected Book() {}

    public Book(Long id, Integer rank, String title, String status, Author author) {
        this.id = id;
        this.rank = rank;
        this.title = title;
        this.status = status;
        this.isbn = "isbn" + id;
        this.author = author;
    }

    public Long getId() {
        return id;
    }

    public Integer getRank() {
        return rank;
    }

    public String getTitle() {
        return title;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public Author getAuthor() {
        return author;
    }

    public List<Review> getReviews() {
        return reviews;
    }

    @Override
    public String toString() {
        return "Book#" + id;
    }
}
