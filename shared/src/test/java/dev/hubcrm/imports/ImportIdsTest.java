package dev.hubcrm.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.f4b6a3.ulid.Ulid;
import dev.hubcrm.common.Ids;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImportIdsTest {

    @Test
    void aRowOfAnImportAlwaysGivesTheSameCustomerId() {
        String importId = ImportIds.newImportId();

        assertThat(ImportIds.customerId(importId, 17)).isEqualTo(ImportIds.customerId(importId, 17));
        assertThat(Ids.looksLike("cus", ImportIds.customerId(importId, 17))).isTrue();
    }

    @Test
    void rowsAndImportsGiveDistinctIdsInRowOrderAtTheImportsTime() {
        String first = ImportIds.newImportId();
        String second = ImportIds.newImportId();
        Set<String> ids = new HashSet<>();
        for (int row = 2; row < 5_002; row++) {
            ids.add(ImportIds.customerId(first, row));
            ids.add(ImportIds.customerId(second, row));
        }
        assertThat(ids).hasSize(10_000);
        assertThat(ImportIds.customerId(first, 2)).isLessThan(ImportIds.customerId(first, 3));
        assertThat(Ulid.from(ImportIds.customerId(first, 9).substring(4)).getTime())
                .isEqualTo(Ulid.from(first.substring(4)).getTime());
    }
}
