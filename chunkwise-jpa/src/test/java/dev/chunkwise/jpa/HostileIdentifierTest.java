package dev.chunkwise.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.chunkwise.SortKey;
import dev.chunkwise.jpa.entities.OddItem;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Tuple;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile text against every entry point of a JPA scan that takes a name or a condition: sort
 * keys (as text and as {@link SortKey}), fetches, projections, the alias, parameter names and the
 * JPQL condition. Each is either a real attribute, correctly quoted by the provider, or refused
 * with an {@link IllegalArgumentException} naming it, before any row is read; a canary table is
 * unchanged after all of them. An entity whose table and columns have reserved-word, punctuated
 * and unicode names scans correctly.
 */
@ExtendWith(ClosesFactories.class)
class HostileIdentifierTest {

    private static final int ITEMS = 23;
    private static final String CANARY = "hx_jpa_canary";

    private static final List<String> HOSTILE_NAMES = List.of(
            "id; delete from OddItem",
            "id desc, (select 1)",
            "id) or (1=1",
            "id --",
            "id /* x */",
            "'id'",
            "\"id\"",
            "`id`",
            "id.",
            ".id",
            "id..id",
            "ID",
            "Order",
            "nöte",
            "x".repeat(300),
            "id, id",
            "e.id",
            "(id)",
            "id'); drop table " + CANARY + "; --",
            "order by id",
            " ");

    private static final Map<JpaDatabase, EntityManagerFactory> FACTORIES = new EnumMap<>(JpaDatabase.class);

    private static synchronized EntityManagerFactory factory(JpaDatabase database) {
        return FACTORIES.computeIfAbsent(
                database, key -> key.configuration(Map.of("hibernate.hbm2ddl.auto", "create-drop"))
                        .managedClass(OddItem.class)
                        .createEntityManagerFactory());
    }

    @AfterAll
    static synchronized void closeFactories() {
        FACTORIES.values().forEach(EntityManagerFactory::close);
        FACTORIES.clear();
    }

    private static void inTransaction(EntityManagerFactory factory, Consumer<EntityManager> work) {
        EntityManager entityManager = factory.createEntityManager();
        try {
            entityManager.getTransaction().begin();
            work.accept(entityManager);
            entityManager.getTransaction().commit();
        } finally {
            if (entityManager.getTransaction().isActive()) {
                entityManager.getTransaction().rollback();
            }
            entityManager.close();
        }
    }

    private static List<OddItem> items() {
        List<OddItem> items = new ArrayList<>();
        for (long id = 1; id <= ITEMS; id++) {
            items.add(new OddItem(id, id % 4 == 0 ? null : (int) (id * 7 % 5), "note " + id % 3, (int) (id % 2)));
        }
        return items;
    }

    private static EntityManagerFactory prepare(JpaDatabase database) {
        EntityManagerFactory factory = factory(database);
        inTransaction(factory, entityManager -> {
            entityManager.createQuery("DELETE FROM OddItem").executeUpdate();
            items().forEach(entityManager::persist);
            entityManager.createNativeQuery("DROP TABLE IF EXISTS " + CANARY).executeUpdate();
            entityManager
                    .createNativeQuery("CREATE TABLE " + CANARY + " (id INT PRIMARY KEY, v VARCHAR(10))")
                    .executeUpdate();
            entityManager
                    .createNativeQuery("INSERT INTO " + CANARY + " VALUES (1, 'a'), (2, 'b'), (3, 'c')")
                    .executeUpdate();
        });
        return factory;
    }

    private static List<Object> canary(EntityManagerFactory factory) {
        List<Object> rows = new ArrayList<>();
        inTransaction(
                factory,
                entityManager -> rows.addAll(
                        entityManager
                                .createNativeQuery("SELECT id, v FROM " + CANARY + " ORDER BY id")
                                .getResultList()
                                .stream()
                                .map(row -> List.of((Object[]) row).toString())
                                .toList()));
        return rows;
    }

    private static void assertRefused(Runnable attempt, String hostile) {
        Throwable refusal = catchThrowable(attempt::run);
        assertThat(refusal).as("'%s'", hostile).isInstanceOf(IllegalArgumentException.class);
        assertThat(refusal.getMessage()).as("'%s'", hostile).isNotBlank();
        assertThat(refusal.getMessage().lines().count())
                .as("a one-line message for '%s'", hostile)
                .isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(
            value = JpaDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void refusesEveryHostileAttributeNameAtEveryEntryPointAndLeavesTheCanaryAlone(JpaDatabase database) {
        EntityManagerFactory factory = prepare(database);
        List<Object> canaryBefore = canary(factory);
        for (String hostile : HOSTILE_NAMES) {
            assertRefused(
                    () -> JpaScan.of(factory, OddItem.class).orderBy(hostile).build(), hostile);
            assertRefused(
                    () -> JpaScan.of(factory, OddItem.class)
                            .orderBy(SortKey.asc(hostile))
                            .build(),
                    hostile);
            assertRefused(
                    () -> JpaScan.of(factory, OddItem.class).fetch(hostile).build(), hostile);
            assertRefused(() -> JpaScan.of(factory, OddItem.class).selectTuple("note", hostile), hostile);
            assertRefused(() -> JpaScan.of(factory, OddItem.class).select(Long.class, hostile), hostile);
            Throwable aliasRefusal = catchThrowable(() -> {
                List<Long> seen = new ArrayList<>();
                JpaScan.of(factory, OddItem.class)
                        .alias(hostile)
                        .chunkSize(5)
                        .build()
                        .forEach(item -> seen.add(item.getId()));
                assertThat(seen).as("alias '%s'", hostile).hasSize(ITEMS);
            });
            if (aliasRefusal != null) {
                assertThat(aliasRefusal).as("alias '%s'", hostile).isInstanceOf(IllegalArgumentException.class);
            } else {
                assertThat(hostile)
                        .as("an accepted alias is a plain identifier")
                        .matches("[A-Za-z_][A-Za-z0-9_]*");
            }
        }
        Throwable unknown = catchThrowable(() -> JpaScan.of(factory, OddItem.class)
                .orderBy("id; delete from OddItem")
                .build());
        assertThat(unknown).hasMessageContaining("id; delete from OddItem");
        assertThat(canary(factory)).isEqualTo(canaryBefore);
        assertThat(countItems(factory)).isEqualTo(ITEMS);
    }

    @ParameterizedTest
    @EnumSource(
            value = JpaDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void refusesJpqlConditionsThatDoNotCompileOrEscapeTheirParentheses(JpaDatabase database) {
        EntityManagerFactory factory = prepare(database);
        List<Object> canaryBefore = canary(factory);
        List<String> conditions = List.of(
                "e.id > 0; delete from OddItem",
                "e.id > 0) or (e.id > 0",
                "e.id > 0) or e.id in (select o.id from OddItem o",
                "(e.id > 0",
                "e.id > 0)",
                "e.id > 0 --",
                "e.id > 0 /* */",
                "1=1; drop table " + CANARY,
                "e.id > 0 order by e.id",
                "e.note = 'x'' or ''1''=''1");
        for (String condition : conditions) {
            Throwable refusal = catchThrowable(() ->
                    JpaScan.of(factory, OddItem.class).where(condition).build().forEach(item -> {}));
            if (refusal == null) {
                // a condition that compiles and stays inside its parentheses is the caller's own filter
                continue;
            }
            assertThat(refusal)
                    .as("'%s'", condition)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(condition);
        }
        assertThat(catchThrowable(() -> JpaScan.of(factory, OddItem.class)
                        .where("e.id > 0) or (e.id > 0")
                        .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parentheses");
        assertThat(canary(factory)).isEqualTo(canaryBefore);
        assertThat(countItems(factory)).isEqualTo(ITEMS);
    }

    @ParameterizedTest
    @EnumSource(
            value = JpaDatabase.class,
            names = {"POSTGRESQL", "MARIADB"})
    void scansAnEntityWithReservedPunctuatedAndUnicodeColumnNames(JpaDatabase database) {
        EntityManagerFactory factory = prepare(database);
        for (int chunkSize : new int[] {1, 2, 5, 100}) {
            JpaScan<OddItem> scan = JpaScan.of(factory, OddItem.class)
                    .orderBy("order desc nulls last, grade")
                    .where("e.note <> :note and e.order is not null or e.grade = 1")
                    .parameter("note", "note 0")
                    .chunkSize(chunkSize)
                    .build();
            List<Long> expected = items().stream()
                    .filter(item -> !item.getNote().equals("note 0") && item.getOrder() != null || item.getGrade() == 1)
                    .sorted(Comparator.comparing(OddItem::getOrder, Comparator.nullsLast(Comparator.reverseOrder()))
                            .thenComparing(OddItem::getGrade)
                            .thenComparing(OddItem::getId))
                    .map(OddItem::getId)
                    .toList();
            List<Long> seen = new ArrayList<>();
            scan.forEach(item -> seen.add(item.getId()));
            assertThat(seen).as("chunk size %d", chunkSize).containsExactlyElementsOf(expected);
            List<Long> reversed = new ArrayList<>();
            JpaScan.of(factory, OddItem.class)
                    .orderBy("order desc nulls last, grade")
                    .where("e.note <> :note and e.order is not null or e.grade = 1")
                    .parameter("note", "note 0")
                    .chunkSize(chunkSize)
                    .reverse()
                    .build()
                    .forEach(item -> reversed.add(item.getId()));
            List<Long> backwards = new ArrayList<>(expected);
            java.util.Collections.reverse(backwards);
            assertThat(reversed).containsExactlyElementsOf(backwards);
        }
        List<Object> notes = new ArrayList<>();
        JpaScan<Tuple> tuples =
                JpaScan.of(factory, OddItem.class).orderBy("note").chunkSize(4).selectTuple("note", "order");
        tuples.forEach(tuple -> notes.add(tuple.get("note")));
        assertThat(notes).hasSize(ITEMS).isSortedAccordingTo(Comparator.comparing(Object::toString));
        assertThat(Stream.of("id", "order", "note", "grade"))
                .allSatisfy(attribute -> assertThat(JpaScan.of(factory, OddItem.class)
                                .orderBy(attribute)
                                .build()
                                .order()
                                .get(0)
                                .column())
                        .isEqualTo(attribute));
    }

    private static long countItems(EntityManagerFactory factory) {
        EntityManager entityManager = factory.createEntityManager();
        try {
            return entityManager
                    .createQuery("SELECT count(e) FROM OddItem e", Long.class)
                    .getSingleResult();
        } finally {
            entityManager.close();
        }
    }
}
