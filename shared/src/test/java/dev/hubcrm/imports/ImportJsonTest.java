package dev.hubcrm.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubcrm.common.JobStatus;
import dev.hubcrm.customers.CustomerType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportJsonTest {

    @Test
    void aChunkSurvivesTheQueueExactly() {
        ImportChunk chunk = new ImportChunk("hub_01J00000000000000000000000", ImportIds.newImportId(), 3, List.of(
                new ImportUnit(List.of(2, 40), new ImportedCustomer("ann@example.com", null, "Ann", null, "Dupont", CustomerType.COMPANY,
                        List.of("vip", "wholesale/restaurants"), true,
                        Map.of("covers", new BigDecimal("12.50"), "organic", false, "note", "x"))),
                new ImportUnit(List.of(3), new ImportedCustomer(null, "+33 6", "Bob", "Lee", null, null, List.of(), null, Map.of()))));

        assertThat(ImportJson.chunk(ImportJson.message(chunk))).isEqualTo(chunk);
    }

    @Test
    void somethingElseOnTheQueueIsRefused() {
        assertThatThrownBy(() -> ImportJson.chunk("{\"v\":2}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImportJson.chunk("not json")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theApiShowsErrorsByRowAndTheStatusAnImportHasReached() {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        ImportJob job = new ImportJob("imp_01J00000000000000000000000", JobStatus.RUNNING, false, ImportFormat.CSV,
                3, 3, 1, 1, 1, List.of(new RowError(4, "b"), new RowError(2, "a")), 0, List.of("Notes"), 1, at,
                at.plusSeconds(5), null, null);

        ObjectNode json = ImportJson.toJson(job);

        assertThat(json.get("status").asText()).as("every row counted").isEqualTo("done");
        assertThat(json.get("errors").findValuesAsText("message")).containsExactly("a", "b");
        assertThat(json.get("ignoredColumns").get(0).asText()).isEqualTo("Notes");
        assertThat(json.get("finishedAt").asText()).as("the last row's count, while the done write lags")
                .isEqualTo("2026-01-01T00:00:05Z");
    }
}
