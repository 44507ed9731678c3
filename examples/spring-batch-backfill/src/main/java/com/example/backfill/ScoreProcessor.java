package com.example.backfill;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/** The backfill's business logic: an entry's score from its headline and its length. */
public class ScoreProcessor implements ItemProcessor<Entry, ScoredEntry> {

    @Override
    public ScoredEntry process(Entry entry) {
        return new ScoredEntry(entry.id(), score(entry));
    }

    /** The score of an entry. */
    public static int score(Entry entry) {
        return entry.headline().length() + entry.bodyLength() / 100;
    }
}
