package dev.chunkwise.internal;

import dev.chunkwise.Position;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The positions of a chunk's rows, made on demand from the key values the run read anyway: a
 * chunk whose caller never asks for them costs one reference per row. Unmodifiable.
 */
public final class PositionList extends AbstractList<Position> implements RandomAccess {

    private final long fingerprint;
    private final Object[][] keys;

    /** @param keys the key values of each row, in order (not copied: the run hands them over) */
    public PositionList(long fingerprint, List<Object[]> keys) {
        this.fingerprint = fingerprint;
        this.keys = keys.toArray(new Object[0][]);
    }

    @Override
    public Position get(int index) {
        return Position.of(fingerprint, Arrays.asList(keys[index]));
    }

    @Override
    public int size() {
        return keys.length;
    }
}
