package dev.chunkwise.jpa.entities;

import java.io.Serializable;
import java.util.Objects;

public class ShipmentKey implements Serializable {

    private static final long serialVersionUID = 1L;

    private Long orderId;
    private Integer line;

    public ShipmentKey() {}

    public ShipmentKey(Long orderId, Integer line) {
        this.orderId = orderId;
        this.line = line;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ShipmentKey
                && ((ShipmentKey) other).orderId.equals(orderId)
                && ((ShipmentKey) other).line.equals(line);
    }

    @Override
    public int hashCode() {
        return Objects.hash(orderId, line);
    }
}
