package dev.chunkwise.cli;

import dev.chunkwise.PartitionStrategy;
import dev.chunkwise.Position;
import dev.chunkwise.ScanPartition;
import dev.chunkwise.SortKey;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How the CLI names partition strategies ({@code index-walk}) and shows a partition's cut positions. */
final class PartitionStrategies {

    static final String NAMES = "auto|index-walk|sample|statistics";

    private PartitionStrategies() {}

    /** {@code index-walk} for {@link PartitionStrategy#INDEX_WALK}. */
    static String name(PartitionStrategy strategy) {
        return strategy.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads {@code --partition-strategy}. */
    static final class Converter implements ITypeConverter<PartitionStrategy> {
        @Override
        public PartitionStrategy convert(String value) {
            for (PartitionStrategy strategy : PartitionStrategy.values()) {
                if (name(strategy).equalsIgnoreCase(value.trim())) {
                    return strategy;
                }
            }
            throw new TypeConversionException("expected one of " + NAMES + ", got '" + value + "'");
        }
    }

    /** A cut as its key values: {@code (grp, id) = (3, 17)}, or {@code id = 501} for one key. */
    /** A partition's range and estimated rows, as plan and --dry-run print it: {@code from <cut> to before <cut>: N rows (estimated)}. */
    static String span(List<SortKey> order, ScanPartition<?> part) {
        return String.format(
                Locale.ROOT,
                "from %s to %s: %,d rows (estimated)",
                part.start().map(cut -> describe(order, cut)).orElse("the start"),
                part.stop().map(cut -> "before " + describe(order, cut)).orElse("the end"),
                part.estimatedRows());
    }

    static String describe(List<SortKey> order, Position cut) {
        List<Object> values = cut.values();
        String columns = order.stream().map(SortKey::column).collect(Collectors.joining(", "));
        String shown = values.stream().map(PartitionStrategies::value).collect(Collectors.joining(", "));
        return values.size() == 1 ? columns + " = " + shown : "(" + columns + ") = (" + shown + ")";
    }

    private static String value(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof byte[]) {
            return "0x" + HexFormat.of().formatHex((byte[]) value);
        }
        if (value instanceof String) {
            return "'" + ((String) value).replace("'", "''") + "'";
        }
        return value.toString();
    }
}
