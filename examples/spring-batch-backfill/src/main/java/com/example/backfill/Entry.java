package com.example.backfill;

/** A row of {@code entry} as the backfill reads it. */
public record Entry(long id, String headline, int bodyLength) {}
