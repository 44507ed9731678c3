package dev.chunkwise.cli;

import java.util.List;

/**
 * An array column's value as its elements ({@code null}, {@link Long}, {@link java.math.BigDecimal},
 * {@link Double}, {@link Boolean}, {@link String}, or a nested {@code ArrayValue}): JSON Lines
 * writes it as a JSON array, CSV as that array's JSON text.
 *
 * @param elements the elements, in order; may hold nulls
 */
record ArrayValue(List<Object> elements) {}
