package com.example.backfill;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Backfills {@code entry.score} for every entry that has none, in a partitioned, restartable
 * Spring Batch step: {@code java -jar target/spring-batch-backfill-0.1.0-SNAPSHOT.jar run=1}. If a
 * run fails, the same command restarts it: only the partitions that did not complete run again,
 * each from the last row it committed.
 */
@SpringBootApplication
public class BackfillApplication {

    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(BackfillApplication.class, args)));
    }
}
