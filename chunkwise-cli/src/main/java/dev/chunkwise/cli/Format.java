package dev.chunkwise.cli;

import java.io.OutputStream;

/** The output formats of {@code chunkwise export}. */
enum Format {
    /** RFC 4180 CSV with a header row. */
    csv {
        @Override
        RowWriter writer(OutputStream out, CsvStyle style) {
            return new CsvRowWriter(out, style);
        }
    },
    /** One JSON object per line, keyed by column label. */
    jsonl {
        @Override
        RowWriter writer(OutputStream out, CsvStyle style) {
            return new JsonLinesRowWriter(out);
        }
    },
    /** Apache Parquet, typed columns; one file, or a directory of parts when resumable. */
    parquet {
        /** Parquet's writer needs the columns' Parquet types: {@link Exporter#writingParquet} makes it. */
        @Override
        RowWriter writer(OutputStream out, CsvStyle style) {
            throw new IllegalStateException("a Parquet writer is made from its ParquetColumns");
        }
    };

    /** A writer onto {@code out}, which it does not close; {@code style} is CSV's conventions. */
    abstract RowWriter writer(OutputStream out, CsvStyle style);
}
