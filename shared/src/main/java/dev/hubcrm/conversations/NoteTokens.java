package dev.hubcrm.conversations;

import dev.hubcrm.common.SearchText;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The search index keys of a note body (ADR 19): every word's prefixes from {@value #MIN_PREFIX} to
 * {@value #MAX_PREFIX} characters, so that a word or the start of one is found by reading one key.
 * A longer query word is looked up by its first {@value #MAX_PREFIX} characters and checked on the
 * note itself ({@link #matches}).
 */
public final class NoteTokens {
    public static final int MIN_PREFIX = 2;
    public static final int MAX_PREFIX = 10;
    /** The longest {@code q}, checked before it is analysed. */
    public static final int MAX_QUERY_CHARACTERS = 200;

    private NoteTokens() {
    }

    public static Set<String> of(String body) {
        return ofWords(SearchText.words(body));
    }

    /** The keys of words {@link SearchText#words} found. */
    public static Set<String> ofWords(Set<String> words) {
        Set<String> keys = new TreeSet<>();
        for (String word : words) {
            int length = word.codePointCount(0, word.length());
            for (int size = MIN_PREFIX; size <= Math.min(length, MAX_PREFIX); size++) {
                keys.add(word.substring(0, word.offsetByCodePoints(0, size)));
            }
        }
        return keys;
    }

    /** The index key a query reads: its longest word, cut to {@value #MAX_PREFIX} characters; null when no word is long enough. */
    public static String lookupKey(List<String> queryWords) {
        return queryWords.stream().filter(w -> w.codePointCount(0, w.length()) >= MIN_PREFIX)
                .max((a, b) -> Integer.compare(a.codePointCount(0, a.length()), b.codePointCount(0, b.length())))
                .map(w -> w.codePointCount(0, w.length()) <= MAX_PREFIX ? w : w.substring(0, w.offsetByCodePoints(0, MAX_PREFIX)))
                .orElse(null);
    }

    /** Whether every query word starts one of {@code words} (an item's, as {@link SearchText#words} found them). */
    public static boolean matches(Set<String> words, List<String> queryWords) {
        return queryWords.stream().allMatch(q -> words.stream().anyMatch(w -> w.startsWith(q)));
    }
}
