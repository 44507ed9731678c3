package dev.chunkwise.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.ManagedType;
import jakarta.persistence.metamodel.Metamodel;
import jakarta.persistence.metamodel.SingularAttribute;
import jakarta.persistence.metamodel.Type;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Member;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An entity type as a scan sees it, read from the JPA metamodel: its id attributes (single,
 * {@code @IdClass} or {@code @EmbeddedId} parts) and the resolution of attribute paths to key
 * attributes, with messages that name the entity and its attributes.
 */
public final class EntityModel {

    /** An attribute path resolved to its last attribute. */
    public record Resolved(String path, Class<?> javaType, boolean nullable, boolean declaredUnique) {}

    private final EntityType<?> type;

    private EntityModel(EntityType<?> type) {
        this.type = type;
    }

    /** @throws IllegalArgumentException when the class is not an entity of this persistence unit */
    public static EntityModel of(Metamodel metamodel, Class<?> entityClass) {
        try {
            return new EntityModel(metamodel.entity(entityClass));
        } catch (IllegalArgumentException notAnEntity) {
            throw new IllegalArgumentException(
                    entityClass.getName() + " is not an entity of this persistence unit", notAnEntity);
        }
    }

    public String name() {
        return type.getName();
    }

    public Class<?> javaType() {
        return type.getJavaType();
    }

    /** The id as key attribute paths: one for a simple id, one per part for a composite id (by name). */
    public List<Resolved> idPaths() {
        List<Resolved> ids = new ArrayList<>();
        if (type.hasSingleIdAttribute()) {
            Type<?> idType = type.getIdType();
            SingularAttribute<?, ?> id = type.getId(idType.getJavaType());
            if (idType.getPersistenceType() == Type.PersistenceType.EMBEDDABLE) {
                ManagedType<?> embeddable = (ManagedType<?>) idType;
                for (Attribute<?, ?> part : sorted(embeddable.getAttributes())) {
                    ids.add(resolve(id.getName() + "." + part.getName(), "the @EmbeddedId part"));
                }
            } else {
                ids.add(resolve(id.getName(), "the id"));
            }
        } else {
            for (Attribute<?, ?> part : sorted(type.getIdClassAttributes())) {
                ids.add(resolve(part.getName(), "the @IdClass part"));
            }
        }
        List<Resolved> nonNull = new ArrayList<>();
        for (Resolved id : ids) {
            nonNull.add(new Resolved(id.path(), id.javaType(), false, true));
        }
        return nonNull;
    }

    private static List<Attribute<?, ?>> sorted(Set<? extends Attribute<?, ?>> attributes) {
        List<Attribute<?, ?>> list = new ArrayList<>(attributes);
        list.sort(Comparator.comparing(Attribute::getName));
        return list;
    }

    /**
     * Resolves a sort key's attribute path: basic attributes, through embeddables.
     *
     * @throws IllegalArgumentException naming the path, the entity and its attributes when it is
     *     unknown, an association, or of a type a position cannot carry
     */
    public Resolved resolve(String path, String role) {
        ManagedType<?> current = type;
        String[] parts = path.split("\\.", -1);
        for (int i = 0; i < parts.length; i++) {
            Attribute<?, ?> attribute = attribute(current, parts[i], path);
            boolean last = i == parts.length - 1;
            if (!(attribute instanceof SingularAttribute)) {
                throw new IllegalArgumentException(role + " '" + path + "' of entity " + name() + " is a collection; "
                        + "sort keys must be basic attributes (or attributes of embeddables)");
            }
            SingularAttribute<?, ?> singular = (SingularAttribute<?, ?>) attribute;
            Type.PersistenceType kind = singular.getType().getPersistenceType();
            if (!last) {
                if (kind != Type.PersistenceType.EMBEDDABLE) {
                    throw new IllegalArgumentException(role + " '" + path + "' of entity " + name() + " goes through '"
                            + parts[i] + "', which is not an embeddable; sort keys must be basic attributes (or"
                            + " attributes of embeddables), not attributes of associated entities");
                }
                current = (ManagedType<?>) singular.getType();
                continue;
            }
            if (kind != Type.PersistenceType.BASIC) {
                throw new IllegalArgumentException(role + " '" + path + "' of entity " + name() + " is "
                        + (singular.isAssociation() ? "an association" : "an embeddable")
                        + "; sort keys must be basic attributes");
            }
            Class<?> javaType = box(singular.getJavaType());
            if (!KeyAttribute.supports(javaType)) {
                throw new IllegalArgumentException(role + " '" + path + "' of entity " + name() + " has type "
                        + javaType.getName() + ", which a position cannot carry; supported are "
                        + KeyAttribute.supportedTypes());
            }
            boolean nullable = singular.isOptional() && !singular.getJavaType().isPrimitive() && !singular.isId();
            return new Resolved(path, javaType, nullable, declaredUnique(singular));
        }
        throw new IllegalArgumentException("empty attribute path");
    }

    /**
     * Resolves a projected attribute path: any singular attribute, through embeddables and
     * single-valued associations (an implicit inner join).
     */
    public void checkProjection(String path) {
        ManagedType<?> current = type;
        String[] parts = path.split("\\.", -1);
        for (int i = 0; i < parts.length; i++) {
            Attribute<?, ?> attribute = attribute(current, parts[i], path);
            if (i < parts.length - 1) {
                if (!(attribute instanceof SingularAttribute)
                        || !(((SingularAttribute<?, ?>) attribute).getType() instanceof ManagedType)) {
                    throw new IllegalArgumentException("projected attribute '" + path + "' of entity " + name()
                            + " goes through '" + parts[i] + "', which is neither an embeddable nor an entity");
                }
                current = (ManagedType<?>) ((SingularAttribute<?, ?>) attribute).getType();
            } else if (!(attribute instanceof SingularAttribute)) {
                throw new IllegalArgumentException("projected attribute '" + path + "' of entity " + name()
                        + " is a collection; projections select single values");
            }
        }
    }

    /** Whether an attribute names an association of the entity, and whether it is a collection. */
    public boolean isCollectionAssociation(String attributeName) {
        Attribute<?, ?> attribute = attribute(type, attributeName, attributeName);
        if (!attribute.isAssociation() && !attribute.isCollection()) {
            throw new IllegalArgumentException(
                    "cannot fetch '" + attributeName + "' of entity " + name() + ": it is not an association");
        }
        return attribute.isCollection();
    }

    private Attribute<?, ?> attribute(ManagedType<?> owner, String name, String path) {
        for (Attribute<?, ?> attribute : owner.getAttributes()) {
            if (attribute.getName().equals(name)) {
                return attribute;
            }
        }
        Set<String> known = new TreeSet<>();
        for (Attribute<?, ?> attribute : owner.getAttributes()) {
            known.add(attribute.getName());
        }
        String where = owner == type
                ? "entity " + name()
                : owner.getJavaType().getSimpleName() + " (in entity " + name() + ")";
        throw new IllegalArgumentException("unknown attribute '" + name + "'"
                + (name.equals(path) ? "" : " in '" + path + "'") + " of " + where + "; its attributes are " + known);
    }

    /** The attributes that could make an order unique: basic, non-null and declared unique. */
    public List<String> uniqueCandidates() {
        List<String> candidates = new ArrayList<>();
        for (Resolved id : idPaths()) {
            candidates.add(id.path());
        }
        for (Attribute<?, ?> attribute : sorted(type.getAttributes())) {
            if (attribute instanceof SingularAttribute
                    && !((SingularAttribute<?, ?>) attribute).isId()
                    && ((SingularAttribute<?, ?>) attribute).getType().getPersistenceType()
                            == Type.PersistenceType.BASIC
                    && declaredUnique((SingularAttribute<?, ?>) attribute)
                    && !((SingularAttribute<?, ?>) attribute).isOptional()) {
                candidates.add(attribute.getName());
            }
        }
        return candidates;
    }

    private static boolean declaredUnique(SingularAttribute<?, ?> attribute) {
        if (attribute.isId()) {
            return true;
        }
        Member member = attribute.getJavaMember();
        if (member instanceof AnnotatedElement) {
            Column column = ((AnnotatedElement) member).getAnnotation(Column.class);
            return column != null && column.unique();
        }
        return false;
    }

    private static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        if (type == long.class) {
            return Long.class;
        }
        if (type == int.class) {
            return Integer.class;
        }
        if (type == short.class) {
            return Short.class;
        }
        if (type == byte.class) {
            return Byte.class;
        }
        if (type == double.class) {
            return Double.class;
        }
        if (type == float.class) {
            return Float.class;
        }
        if (type == boolean.class) {
            return Boolean.class;
        }
        return type;
    }
}
