package com.example.backfill;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The backfill's settings ({@code backfill.*}).
 *
 * @param partitions Partitions of the table, each run on its own thread (it takes two connections
 *     from the pool: the step's transaction and the reader's chunk)
 * @param commitInterval Rows per step transaction
 * @param demoRows Rows of the demo table that DemoData creates when the table is missing (0: none)
 */
@ConfigurationProperties("backfill")
public record BackfillProperties(
        @DefaultValue("4") int partitions,
        @DefaultValue("500") int commitInterval,
        @DefaultValue("100000") int demoRows) {}
