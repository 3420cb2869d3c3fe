package dev.hubcrm.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.util.ElisionFilter;

/**
 * The one text analysis of hubcrm's searches, with Lucene's analyzers: lower case and ASCII
 * folding (é → e, but also ø → o, ł → l, ß → ss, æ → ae, which carry no combining accent), so
 * that a search finds a word however it is typed. Customer search keys fold whole values
 * ({@link #fold}); notes are cut into words ({@link #words}), French and Italian elisions
 * included ("l'été" is found by "ete" and by "lete").
 */
public final class SearchText {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /** French and Italian articles and pronouns that elide before a vowel (Lucene's French and Italian analyzers' sets). */
    private static final CharArraySet ELIDED_ARTICLES = new CharArraySet(List.of(
            "l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu",
            "all", "dall", "dell", "nell", "sull", "coll", "pell", "gl", "agl", "dagl", "degl", "negl", "sugl", "un", "v"), true);
    private static final Pattern APOSTROPHES = Pattern.compile("'");

    /** A whole value as one term: customer names and emails, whose keys are prefixes of the whole. */
    private static final Analyzer WHOLE = analyzer(KeywordTokenizer::new, stream -> stream);
    /** Words with the elided article removed: "l'été" → "ete". */
    private static final Analyzer ELIDED_WORDS = analyzer(StandardTokenizer::new, stream -> new ElisionFilter(stream, ELIDED_ARTICLES));
    /** Words with their apostrophes removed, as people type them without: "l'été" → "lete". */
    private static final Analyzer JOINED_WORDS = analyzer(StandardTokenizer::new,
            stream -> new PatternReplaceFilter(stream, APOSTROPHES, "", true));

    private SearchText() {
    }

    /** {@code value} stripped, in lower case, without accents and folded to ASCII where Latin letters have a plain form. */
    public static String fold(String value) {
        List<String> terms = terms(WHOLE, value.strip());
        return terms.isEmpty() ? "" : terms.getFirst();
    }

    /**
     * The distinct words of a text, folded as {@link #fold} folds, in order of appearance; a word
     * with an elision is there both without its article and with the apostrophe left out.
     */
    public static Set<String> words(String text) {
        Set<String> words = new LinkedHashSet<>(terms(ELIDED_WORDS, text));
        words.addAll(terms(JOINED_WORDS, text));
        return words;
    }

    /** The words a search for {@code query} looks for: each must start a word of what it finds. */
    public static List<String> queryWords(String query) {
        return terms(ELIDED_WORDS, query);
    }

    private static List<String> terms(Analyzer analyzer, String text) {
        // Decomposed accents (e + U+0301) and marks on letters ASCII folding leaves alone go first.
        String withoutMarks = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
        List<String> terms = new java.util.ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("text", withoutMarks)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                if (term.length() > 0) {
                    terms.add(term.toString());
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
        return terms;
    }

    private static Analyzer analyzer(java.util.function.Supplier<Tokenizer> tokenizer, java.util.function.UnaryOperator<TokenStream> last) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer source = tokenizer.get();
                return new TokenStreamComponents(source, last.apply(new ASCIIFoldingFilter(new LowerCaseFilter(source))));
            }
        };
    }
}
