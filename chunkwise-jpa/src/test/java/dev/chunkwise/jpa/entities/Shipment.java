package dev.chunkwise.jpa.entities;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** An entity with an {@code @IdClass} id (orderId, line). */
@Entity
@Table(name = "jpa_shipment")
@IdClass(ShipmentKey.class)
public class Shipment {

    @Id
    private Long orderId;

    @Id
    private Integer line;

    private String note;

    protected Shipment() {}

    public Shipment(Long orderId, Integer line, String note) {
        this.orderId = orderId;
        this.line = line;
        this.note = note;
    }

    public Long getOrderId() {
        return orderId;
    }

    public Integer getLine() {
        return line;
    }

    public String getNote() {
        return note;
    }
}
