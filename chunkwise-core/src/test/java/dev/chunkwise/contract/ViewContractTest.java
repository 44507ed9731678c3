package dev.chunkwise.contract;

import static dev.chunkwise.contract.ContractTables.ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chunkwise.Chunk;
import dev.chunkwise.Scan;
import dev.chunkwise.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** A view has no key the catalog knows of: it is refused without one, and scanned correctly with one. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class ViewContractTest {

    private static final String BASE = "ct_view_base";
    private static final String VIEW = "ct_view";

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void createView(TestDatabase database) {
        ContractTables.dropView(database, VIEW);
        ContractTables.createNumbered(database, BASE, 30);
        database.execute("CREATE VIEW " + VIEW + " AS SELECT id, grp, name FROM " + BASE + " WHERE score <> 2");
    }

    @Test
    void viewWithoutAKeyIsRefusedWithAMessageSuggestingKey() {
        assertThatThrownBy(() -> Scan.over(database.dataSource())
                        .table(VIEW)
                        .orderBy("grp")
                        .build(ID))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key(...)")
                .message()
                .containsIgnoringCase(VIEW);
        assertThatThrownBy(() -> Scan.over(database.dataSource())
                        .table(VIEW)
                        .orderBy("id")
                        .build(ID))
                .as("id is unique in the table but not known to be unique in the view")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key(...)");
    }

    @Test
    void viewWithAnExplicitKeyIsScannedExactlyOnceInOrder() {
        List<Long> expected = ContractTables.ids(
                database,
                "SELECT id FROM " + VIEW + " ORDER BY CASE WHEN grp IS NULL THEN 1 ELSE 0 END, grp DESC, id DESC");
        for (int chunkSize = 1; chunkSize <= 3; chunkSize++) {
            Scan<Long> scan = Scan.over(database.dataSource())
                    .table(VIEW)
                    .orderBy("grp desc nulls last")
                    .key("id")
                    .chunkSize(chunkSize)
                    .build(ID);
            assertThat(ContractTables.rows(scan)).as("chunk size %d", chunkSize).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void viewWithAnExplicitKeyResumesAfterEveryChunk() {
        Scan<Long> scan = Scan.over(database.dataSource())
                .table(VIEW)
                .key("id")
                .chunkSize(4)
                .build(ID);
        List<Long> all = ContractTables.ids(database, "SELECT id FROM " + VIEW + " ORDER BY id");
        assertThat(ContractTables.rows(scan)).containsExactlyElementsOf(all);
        int delivered = 0;
        for (Chunk<Long> chunk : ContractTables.chunks(scan)) {
            delivered += chunk.size();
            assertThat(ContractTables.rows(
                            scan.startAfter(scan.parsePosition(chunk.last().token()))))
                    .containsExactlyElementsOf(all.subList(delivered, all.size()));
        }
    }
}
