package dev.chunkwise.jpa.internal;

import jakarta.persistence.Tuple;
import jakarta.persistence.TupleElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** The row mappers of the three result shapes: entity, DTO (constructor) and tuple. */
public final class Mappers {

    private Mappers() {}

    /** The entity, the first element of each row. */
    public static <E> Function<Object[], E> entity(Class<E> type) {
        return row -> type.cast(row[0]);
    }

    /**
     * A DTO made by its constructor from the projected attributes, in order: a record's canonical
     * constructor, or else the one public constructor with that many parameters.
     *
     * @throws IllegalArgumentException when there is no such constructor
     */
    public static <R> Function<Object[], R> constructor(Class<R> type, List<String> attributes) {
        Constructor<R> constructor = findConstructor(type, attributes);
        int width = attributes.size();
        return row -> {
            try {
                return constructor.newInstance(Arrays.copyOf(row, width));
            } catch (InvocationTargetException failure) {
                Throwable cause = failure.getCause();
                if (cause instanceof RuntimeException) {
                    throw (RuntimeException) cause;
                }
                throw new IllegalStateException("the constructor of " + type.getName() + " failed", cause);
            } catch (ReflectiveOperationException | IllegalArgumentException failure) {
                throw new IllegalStateException(
                        "cannot make a " + type.getName() + " from " + attributes + ": " + failure.getMessage(),
                        failure);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <R> Constructor<R> findConstructor(Class<R> type, List<String> attributes) {
        if (type.isRecord()) {
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] parameterTypes = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                parameterTypes[i] = components[i].getType();
            }
            if (components.length != attributes.size()) {
                throw new IllegalArgumentException("record " + type.getName() + " has " + components.length
                        + " components but the projection selects " + attributes.size() + " attributes " + attributes);
            }
            try {
                return type.getDeclaredConstructor(parameterTypes);
            } catch (NoSuchMethodException impossible) {
                throw new IllegalArgumentException(
                        "record " + type.getName() + " has no canonical constructor", impossible);
            }
        }
        List<Constructor<R>> candidates = new ArrayList<>();
        for (Constructor<?> constructor : type.getConstructors()) {
            if (constructor.getParameterCount() == attributes.size()) {
                candidates.add((Constructor<R>) constructor);
            }
        }
        if (candidates.size() != 1) {
            throw new IllegalArgumentException(type.getName() + " needs exactly one public constructor with "
                    + attributes.size() + " parameters for the projection " + attributes + ", found "
                    + candidates.size());
        }
        return candidates.get(0);
    }

    /** A {@link Tuple} of the projected attributes, each aliased by its attribute path. */
    public static Function<Object[], Tuple> tuple(List<String> attributes) {
        List<String> aliases = List.copyOf(attributes);
        return row -> new RowTuple(aliases, Arrays.copyOf(row, aliases.size()));
    }

    private static final class RowTuple implements Tuple {

        private final List<String> aliases;
        private final Object[] values;

        RowTuple(List<String> aliases, Object[] values) {
            this.aliases = aliases;
            this.values = values;
        }

        @Override
        public <X> X get(TupleElement<X> element) {
            return element.getJavaType().cast(get(element.getAlias()));
        }

        @Override
        public <X> X get(String alias, Class<X> type) {
            return type.cast(get(alias));
        }

        @Override
        public Object get(String alias) {
            int index = aliases.indexOf(alias);
            if (index < 0) {
                throw new IllegalArgumentException("no element '" + alias + "' in this tuple; it has " + aliases);
            }
            return values[index];
        }

        @Override
        public <X> X get(int index, Class<X> type) {
            return type.cast(get(index));
        }

        @Override
        public Object get(int index) {
            if (index < 0 || index >= values.length) {
                throw new IllegalArgumentException("no element " + index + " in this tuple of " + values.length);
            }
            return values[index];
        }

        @Override
        public Object[] toArray() {
            return values.clone();
        }

        @Override
        public List<TupleElement<?>> getElements() {
            List<TupleElement<?>> elements = new ArrayList<>();
            for (int i = 0; i < aliases.size(); i++) {
                String alias = aliases.get(i);
                Class<?> type = values[i] == null ? Object.class : values[i].getClass();
                elements.add(element(alias, type));
            }
            return elements;
        }

        private static <X> TupleElement<X> element(String alias, Class<X> type) {
            return new TupleElement<>() {
                @Override
                public Class<? extends X> getJavaType() {
                    return type;
                }

                @Override
                public String getAlias() {
                    return alias;
                }
            };
        }

        @Override
        public String toString() {
            return "Tuple" + aliases + "=" + Arrays.toString(values);
        }
    }
}
