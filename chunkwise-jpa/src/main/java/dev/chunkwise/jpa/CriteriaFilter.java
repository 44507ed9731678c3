package dev.chunkwise.jpa;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

/**
 * A scan's filter as a Criteria predicate, for example
 * {@code (root, query, cb) -> cb.equal(root.get("status"), Status.NEW)}. It is called once per
 * chunk query (and once when the scan is built, to check it), each time with a fresh query, so
 * it must not keep state between calls. The predicate is combined with the seek predicate by
 * {@code AND}, so a top-level {@code OR} in it is safe.
 *
 * @param <E> the entity type
 */
@FunctionalInterface
public interface CriteriaFilter<E> {

    Predicate toPredicate(Root<E> root, CriteriaQuery<?> query, CriteriaBuilder builder);
}
