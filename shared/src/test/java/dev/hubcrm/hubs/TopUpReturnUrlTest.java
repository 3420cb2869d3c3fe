package dev.hubcrm.hubs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link WalletSettings#isValidReturnUrl}: what it takes and refuses, and that the OpenAPI document says the same. */
class TopUpReturnUrlTest {
    private static final List<String> GOOD = List.of("https://shop.example", "https://shop.example/wallet",
            "https://shop.example:8443/w?x=1&y=%20a#top", "https://a.b-c.example/p/q;v=1?x=/y?z#f/g?h",
            "https://shop.example/" + "%41".repeat(600), "https://" + "a.".repeat(900) + "example",
            "https://localhost/wallet");
    private static final List<String> BAD = List.of("http://shop.example/wallet", "/wallet", "shop.example/wallet",
            "https://", "https:///wallet", "https://user:secret@shop.example/", "https://@shop.example/", "javascript:alert(1)",
            "https://shop example/", "https://shop.example/a b", "https://shop.example/^", "https://shop.example/%4",
            "https://shop.example/%zz", "https://shop.example/#a#b", "https://1.2/", "https://-shop.example/",
            "https://shop..example/", "https://shop.example./", "https://shop.example:/", "https://shop.example:123456/",
            "https://[::1]/", "HTTPS://shop.example/", "https://shop.example/" + "a".repeat(3_000));

    private static Pattern openApiPattern(String schema) throws IOException {
        try (InputStream in = TopUpReturnUrlTest.class.getResourceAsStream("/openapi.json")) {
            JsonNode property = new ObjectMapper().readTree(in).at("/components/schemas/" + schema + "/properties/topUpReturnUrl");
            assertThat(property.path("maxLength").asInt()).isEqualTo(WalletSettings.MAX_RETURN_URL_LENGTH);
            return Pattern.compile(property.path("pattern").asText());
        }
    }

    @Test
    void takesHttpsUrlsWithAHostAndRefusesTheRest() {
        assertThat(GOOD).allSatisfy(url -> assertThat(WalletSettings.isValidReturnUrl(url)).as(url).isTrue());
        assertThat(BAD).allSatisfy(url -> assertThat(WalletSettings.isValidReturnUrl(url)).as(url).isFalse());
        String longest = "https://shop.example/" + "a".repeat(WalletSettings.MAX_RETURN_URL_LENGTH - "https://shop.example/".length());
        assertThat(WalletSettings.isValidReturnUrl(longest)).isTrue();
        assertThat(WalletSettings.isValidReturnUrl(longest + "a")).isFalse();
    }

    @Test
    void theOpenApiPatternAgreesWithTheCheck() throws IOException {
        for (String schema : List.of("WalletSettings", "WalletSettingsPatch")) {
            Pattern pattern = openApiPattern(schema);
            // short samples only: Java's engine recurses per character on this pattern (the reason the check is not it)
            GOOD.stream().filter(url -> url.length() < 300)
                    .forEach(url -> assertThat(pattern.matcher(url).find()).as(schema + " " + url).isTrue());
            BAD.stream().filter(url -> url.length() < 300)
                    .forEach(url -> assertThat(pattern.matcher(url).find()).as(schema + " " + url).isFalse());
        }
    }
}
