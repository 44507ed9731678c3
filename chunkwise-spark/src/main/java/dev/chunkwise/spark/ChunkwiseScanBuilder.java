package dev.chunkwise.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.connector.read.SupportsPushDownV2Filters;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Takes the columns Spark needs and the filters it can hand to the database ({@link PushedFilter}
 * says which); the rest Spark evaluates after reading. Used by one planning thread.
 */
final class ChunkwiseScanBuilder implements SupportsPushDownRequiredColumns, SupportsPushDownV2Filters {

    private final SourceOptions options;
    private final SparkColumns columns;
    private final String quote;
    private SparkColumns required;
    private final List<PushedFilter> pushed = new ArrayList<>();
    private final List<Predicate> pushedPredicates = new ArrayList<>();

    ChunkwiseScanBuilder(SourceOptions options, SparkColumns columns, String quote) {
        this.options = options;
        this.columns = columns;
        this.quote = quote;
        this.required = columns;
    }

    @Override
    public void pruneColumns(StructType requiredSchema) {
        List<String> names = new ArrayList<>();
        for (StructField field : requiredSchema.fields()) {
            names.add(field.name());
        }
        required = columns.select(names);
    }

    /**
     * Pushes nothing when the {@code where} option has a {@code ?} on PostgreSQL: written alone it
     * is a jsonb operator (the core reads every {@code ?} of a filter without parameters as one),
     * but beside the pushed filter's parameters it would count as a placeholder, so Spark keeps
     * its filters and evaluates them after reading.
     */
    @Override
    public Predicate[] pushPredicates(Predicate[] predicates) {
        if (options.isPostgreSql() && options.where() != null && options.where().indexOf('?') >= 0) {
            return predicates;
        }
        List<Predicate> left = new ArrayList<>();
        for (Predicate predicate : predicates) {
            Optional<PushedFilter> rendered = PushedFilter.render(predicate, columns, quote, options.isPostgreSql());
            if (rendered.isPresent()) {
                pushed.add(rendered.get());
                pushedPredicates.add(predicate);
                if (!rendered.get().exact()) {
                    left.add(predicate);
                }
            } else {
                left.add(predicate);
            }
        }
        return left.toArray(new Predicate[0]);
    }

    @Override
    public Predicate[] pushedPredicates() {
        return pushedPredicates.toArray(new Predicate[0]);
    }

    @Override
    public Scan build() {
        PushedFilter filter = pushed.isEmpty() ? null : PushedFilter.and(pushed);
        return new ChunkwiseBatch(new ScanDefinition(options, required, filter), pushedPredicates());
    }
}
