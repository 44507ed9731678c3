package dev.chunkwise.bench.strategy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/** The {@code bench_entry} table as a JPA entity, for the Hibernate and Spring Data strategies. */
@Entity
@Table(name = "bench_entry")
public class BenchEntry {

    @Id
    private long id;

    @Column(name = "author_id")
    private long authorId;

    private String title;
    private String slug;
    private String body;
    private String status;
    private int views;
    private double score;

    @Column(name = "created_at")
    private LocalDateTime createdAt;

    @Column(name = "updated_at")
    private LocalDateTime updatedAt;

    protected BenchEntry() {
        // for JPA
    }

    public long getId() {
        return id;
    }

    public long getAuthorId() {
        return authorId;
    }

    public String getTitle() {
        return title;
    }

    public String getSlug() {
        return slug;
    }

    public String getBody() {
        return body;
    }

    public String getStatus() {
        return status;
    }

    public int getViews() {
        return views;
    }

    public double getScore() {
        return score;
    }

    public LocalDateTime getCreatedAt() {
        return createdAt;
    }

    public LocalDateTime getUpdatedAt() {
        return updatedAt;
    }
}
