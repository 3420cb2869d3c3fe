package dev.hubcrm.customers;

import static dev.hubcrm.customers.TestCustomers.customer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.hubs.FieldDefinition;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A large export's spool writes the very file a small export writes in memory, field columns and quoting included. */
class CustomerCsvSpoolTest {

    @Test
    void theSpoolWritesTheSameCsvAsTheInMemoryWriter(@TempDir Path dir) throws Exception {
        List<FieldDefinition> definitions = List.of(new FieldDefinition("region", FieldDefinition.Type.TEXT, List.of(), false));
        Map<String, Object> late = new LinkedHashMap<>();
        late.put("vat", new BigDecimal("0.055"));
        late.put("region", "Nord, \"haut\"");
        List<Customer> customers = new ArrayList<>(List.of(
                customer().firstName("Ada").lastName("Quote \"me\"").email("ada@example.com").tags("a/b", "c").build(),
                customer().firstName("=HYPERLINK(1)").companyName("Line\nbreak, Ltd").build(),
                // a field no definition names shows up only late: its column must still be in the header
                customer().firstName("Late").fields(late).build(),
                customer().firstName("Flag").fields(Map.of("active", true)).build()));

        String inMemory = CustomerCsv.write(customers, definitions);
        Path file;
        try (CustomerCsv.Spool spool = CustomerCsv.spool(dir, definitions)) {
            customers.forEach(spool::add);
            assertThat(spool.count()).isEqualTo(4);
            file = spool.finish(dir.resolve("export.csv"));
        }

        String spooled = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(spooled).isEqualTo(inMemory);
        assertThat(spooled.lines().findFirst().orElseThrow()).endsWith(",fields.region,fields.vat,fields.active");
        assertThat(spooled).contains("'=HYPERLINK(1)", "\"Line\nbreak, Ltd\"", "\"Nord, \"\"haut\"\"\"", "0.055");
        assertThat(Files.list(dir)).as("only the export is left").containsExactly(file);
    }

    @Test
    void aSpoolOfNoCustomersIsTheHeaderAlone(@TempDir Path dir) {
        try (CustomerCsv.Spool spool = CustomerCsv.spool(dir, List.of())) {
            Path file = spool.finish(dir.resolve("export.csv"));
            assertThat(file).content(StandardCharsets.UTF_8).isEqualTo(CustomerCsv.write(List.of(), List.of()));
        }
    }
}
