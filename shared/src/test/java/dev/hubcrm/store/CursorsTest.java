package dev.hubcrm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorsTest {

    @Test
    void aCursorDecodesToTheSortKeyItWasMadeFrom() {
        for (String sortKey : List.of("CUST#cus_01J9ZZZZZZZZZZZZZZZZZZZZZZ", "IX#tag#wholesale/restaurants/#cus_01J9ABCDEFGHJKMNPQRSTVWXYZ",
                "IX#q#élodie martin#cus_01J9ABCDEFGHJKMNPQRSTVWXYZ", "IX#q#a+b/c?d=e&f#cus_1", "IX#q#zoë 张#x")) {
            String prefix = sortKey.substring(0, sortKey.indexOf('#') + 1);
            String cursor = Cursors.encode(sortKey);
            assertThat(cursor).as("URL-safe, no padding").matches("[A-Za-z0-9_-]+");
            assertThat(Cursors.decode(cursor, prefix)).isEqualTo(sortKey);
            assertThat(Cursors.decode(cursor, "")).isEqualTo(sortKey);
        }
    }

    @Test
    void noCursorMeansTheFirstPage() {
        assertThat(Cursors.decode(null, "CUST#")).isNull();
    }

    @Test
    void aCursorOfAnotherListIsRefusedOnCursor() {
        String fromUnfiltered = Cursors.encode("CUST#cus_01J9ZZZZZZZZZZZZZZZZZZZZZZ");
        assertRefused(fromUnfiltered, "IX#tag#wholesale/");
        String fromSubtree = Cursors.encode("IX#tag#wholesale/restaurants/#cus_01J9ZZZZZZZZZZZZZZZZZZZZZZ");
        assertRefused(fromSubtree, "IX#tag#wholesale/#");
        assertRefused(fromSubtree, "CUST#");
        assertRefused(Cursors.encode("IX#q#ann#cus_01J9ZZZZZZZZZZZZZZZZZZZZZZ"), "IX#q#bob");
    }

    @Test
    void garbageIsRefusedOnCursor() {
        for (String garbage : List.of("", "!!!", "not a cursor", "%%%", "abc=def", "a", "Q1VTVCM+Pz8",
                Base64.getEncoder().encodeToString("CUST#a?>?".getBytes(StandardCharsets.UTF_8)) + "===",
                Base64.getUrlEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00}))) {
            assertRefused(garbage, "CUST#");
        }
    }

    private static void assertRefused(String cursor, String prefix) {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> Cursors.decode(cursor, prefix));
        assertThat(e).as("cursor '%s' for prefix %s", cursor, prefix).isNotNull();
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("cursor");
    }
}
