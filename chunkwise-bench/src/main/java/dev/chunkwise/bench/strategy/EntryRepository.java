package dev.chunkwise.bench.strategy;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.data.repository.Repository;

/** The Spring Data JPA repository of {@code spring-data-scroll}: one keyset-scrollable derived query. */
public interface EntryRepository extends Repository<BenchEntry, Long> {

    Window<BenchEntry> findByOrderByIdAsc(ScrollPosition position, Limit limit);
}
