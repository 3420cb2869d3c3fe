package dev.hubcrm.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What hubs type finds what they wrote: case, accents, letters without a combining accent, elisions. */
class SearchTextTest {

    @Test
    void wordsAreLowerCaseAndFoldedToAscii() {
        assertThat(SearchText.words("Crème BRÛLÉE, Søren's Łódź Straße Æble Œuf"))
                .contains("creme", "brulee", "lodz", "strasse", "aeble", "oeuf");
        // decomposed accents (e + U+0301) fold like composed ones
        assertThat(SearchText.words("Cre\u0300me")).containsExactly("creme");
    }

    @Test
    void elisionsAreFoundWithoutTheArticleAndWithoutTheApostrophe() {
        assertThat(SearchText.words("l'été")).containsExactlyInAnyOrder("ete", "lete");
        // typographic apostrophe, Italian articles
        assertThat(SearchText.words("L’Été dell'anno")).contains("ete", "lete", "anno", "dellanno");
        assertThat(SearchText.queryWords("l'ete")).containsExactly("ete");
        assertThat(SearchText.queryWords("lete")).containsExactly("lete");
    }

    @Test
    void cyrillicIsLowerCasedAndKept() {
        assertThat(SearchText.words("Київ Борщ")).containsExactly("киів", "борщ");
    }

    @Test
    void foldKeepsTheWholeValue() {
        assertThat(SearchText.fold("  Ferme de l'Étang ")).isEqualTo("ferme de l'etang");
        assertThat(SearchText.fold("Søren Weiß")).isEqualTo("soren weiss");
        assertThat(SearchText.fold("   ")).isEmpty();
    }
}
