package dev.chunkwise.jpa.entities;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An entity whose table and columns have hostile names: reserved words, a semicolon and a comment
 * marker, unicode. Every name is quoted for the database by the provider.
 */
@Entity(name = "OddItem")
@Table(name = "\"hx_jpa odd; --item\"")
public class OddItem {

    @Id
    @Column(name = "\"select\"")
    private Long id;

    /** A reserved word as attribute and column name. */
    @Column(name = "\"order\"")
    private Integer order;

    @Column(name = "\"from; drop table hx_jpa_canary --\"", length = 40)
    private String note;

    @Column(name = "\"ünïcödé ✓\"")
    private Integer grade;

    protected OddItem() {}

    public OddItem(Long id, Integer order, String note, Integer grade) {
        this.id = id;
        this.order = order;
        this.note = note;
        this.grade = grade;
    }

    public Long getId() {
        return id;
    }

    public Integer getOrder() {
        return order;
    }

    public String getNote() {
        return note;
    }

    public Integer getGrade() {
        return grade;
    }
}
