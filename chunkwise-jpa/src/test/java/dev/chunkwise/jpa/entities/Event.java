package dev.chunkwise.jpa.entities;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/** An entity with a {@code LocalDateTime} attribute to order by (microsecond values, some equal). */
@Entity
@Table(name = "jpa_event")
public class Event {

    @Id
    private Long id;

    @Column(nullable = false)
    private LocalDateTime happenedAt;

    protected Event() {}

    public Event(Long id, LocalDateTime happenedAt) {
        this.id = id;
        this.happenedAt = happenedAt;
    }

    public Long getId() {
        return id;
    }

    public LocalDateTime getHappenedAt() {
        return happenedAt;
    }
}
