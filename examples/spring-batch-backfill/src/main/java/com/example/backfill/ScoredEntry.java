package com.example.backfill;

/** An entry with the score the backfill computed for it. */
public record ScoredEntry(long id, int score) {}
