package dev.hubcrm.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.common.SearchText;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The keys a note is indexed under and what a query reads. */
class NoteTokensTest {

    @Test
    void everyWordIsIndexedByItsPrefixesFromTwoToTenCharacters() {
        assertThat(NoteTokens.of("Crème à l'été, extraordinarily")).containsExactlyInAnyOrder(
                "cr", "cre", "crem", "creme", "et", "ete", "le", "let", "lete",
                "ex", "ext", "extr", "extra", "extrao", "extraor", "extraord", "extraordi", "extraordin");
    }

    @Test
    void aQueryReadsItsLongestWordCutToTheIndexedLength() {
        assertThat(NoteTokens.lookupKey(List.of("a", "creme", "fr"))).isEqualTo("creme");
        assertThat(NoteTokens.lookupKey(List.of("extraordinarily"))).isEqualTo("extraordin");
        assertThat(NoteTokens.lookupKey(List.of("a"))).isNull();
    }

    @Test
    void aNoteMatchesWhenEveryQueryWordStartsOneOfItsWords() {
        assertThat(NoteTokens.matches(SearchText.words("Crème fraîche"), List.of("fra", "cr"))).isTrue();
        assertThat(NoteTokens.matches(SearchText.words("Crème fraîche"), List.of("fra", "lait"))).isFalse();
    }

    @Test
    void theLongestNoteHasBoundedKeys() {
        // 19,800 characters of 2,200 different eight-letter words: each gives at most 7 keys
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 2_200; i++) {
            body.append(Integer.toString(100_000_000 + i * 7919, 36), 0, 6).append("ab ");
        }
        assertThat(body.length()).isLessThanOrEqualTo(NoteService.MAX_BODY_CHARACTERS);
        assertThat(NoteTokens.of(body.toString())).hasSizeLessThanOrEqualTo(2_200 * 7);
    }
}
