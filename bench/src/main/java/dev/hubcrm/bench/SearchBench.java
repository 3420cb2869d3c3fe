package dev.hubcrm.bench;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.Parallel;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.conversations.DynamoNoteRepository;
import dev.hubcrm.conversations.DynamoNoteSearchIndex;
import dev.hubcrm.conversations.NoteDraft;
import dev.hubcrm.conversations.NoteKind;
import dev.hubcrm.conversations.NoteSearchIndex;
import dev.hubcrm.conversations.NoteService;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.customers.DynamoCustomerRepository;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Search over {@value #CUSTOMERS} customers with {@value #NOTES_EACH} notes each, on DynamoDB Local
 * (ADR 31). The notes are written round by round, so the newest {@value #PAGE} hits of the searched
 * word name {@value #PAGE} different customers; every tenth note has more words than an index entry
 * carries. Measured side by side, round after round: a search page of one word and of two words
 * (the second checked on the words the entries carry or keep apart), one raw Query of {@value #PAGE}
 * entries of the word, and what a page read before ADR 31 (that Query, then the notes and their
 * customers by key, without re-analysing the bodies); and the items a page reads.
 */
final class SearchBench {
    static final int CUSTOMERS = 500;
    static final int NOTES_EACH = 4;
    static final int PAGE = 50;
    static final int ROUNDS = 200;
    static final String TABLE = "hubcrm-bench-search";
    static final String ONE_WORD = "harvest";
    static final String TWO_WORDS = "harvest deliv";
    private static final List<String> VOCABULARY = List.of("crème", "fraîche", "livraison", "delivery", "mardi", "samedi", "fromage",
            "légumes", "panier", "commande", "rappeler", "client", "marché", "pommes", "poires", "carottes", "bio", "ferme", "été",
            "hiver", "prix", "facture", "paiement", "allergie", "gluten", "lait", "œufs", "miel", "confiture", "pain", "boulangerie",
            "restaurant", "épicerie", "rendez-vous", "téléphone", "adresse", "quantité", "semaine", "mois", "retour");

    record Result(Summary oneWord, Summary twoWords, Summary rawQuery, Summary before, long maxItemsRead, double meanItemsRead,
            long seedNanos) {
    }

    private SearchBench() {
    }

    static Result run(URI dynamoEndpoint, String operatorKeySha256, DynamoDbClient counting, SegmentBench.ItemCounter counter) {
        SegmentBench.BenchHub hub = SegmentBench.BenchHub.create(dynamoEndpoint, operatorKeySha256, TABLE, "Search bench hub");
        AppContext app = hub.app();
        String hubId = hub.hubId();
        long seedStarted = System.nanoTime();
        List<Customer> customers = SegmentBench.seed(app, hubId, CUSTOMERS, new Random(7));
        seedNotes(app.notes(), hubId, customers, new Random(11));
        long seedNanos = System.nanoTime() - seedStarted;

        DynamoNoteRepository countedNotes = new DynamoNoteRepository(counting, app.table());
        DynamoNoteSearchIndex countedIndex = new DynamoNoteSearchIndex(counting, app.table());
        CustomerService countedCustomers = new CustomerService(new DynamoCustomerRepository(counting, app.table()), app.hubs(),
                Clock.systemUTC());
        NoteService search = new NoteService(countedNotes, countedIndex, countedCustomers, app.hubs(), app.channels(), Clock.systemUTC());
        long[][] nanos = new long[4][ROUNDS];
        long maxRead = 0;
        long totalRead = 0;
        for (int i = 0; i < ROUNDS; i++) {
            counter.reset();
            nanos[0][i] = ChannelFeedBench.timed(() -> search.search(hubId, ONE_WORD, new PageRequest(PAGE, null)));
            maxRead = Math.max(maxRead, counter.itemsRead.get());
            totalRead += counter.itemsRead.get();
            nanos[1][i] = ChannelFeedBench.timed(() -> search.search(hubId, TWO_WORDS, new PageRequest(PAGE, null)));
            nanos[2][i] = ChannelFeedBench.timed(() -> countedIndex.lookup(hubId, ONE_WORD, new PageRequest(PAGE, null)));
            nanos[3][i] = ChannelFeedBench.timed(() -> {
                Page<NoteSearchIndex.Entry> entries = countedIndex.lookup(hubId, ONE_WORD, new PageRequest(PAGE, null));
                countedNotes.findAll(hubId, entries.items().stream().map(NoteSearchIndex.Entry::ref).toList());
                return countedCustomers.findAll(hubId, entries.items().stream().map(entry -> entry.ref().ownerId()).toList());
            });
        }
        return new Result(Summary.ofNanos(nanos[0]), Summary.ofNanos(nanos[1]), Summary.ofNanos(nanos[2]), Summary.ofNanos(nanos[3]),
                maxRead, (double) totalRead / ROUNDS, seedNanos);
    }

    /** Notes of 20 to 40 words (every tenth of 150) through the note service, round by round, 8 writers at once. */
    private static void seedNotes(NoteService notes, String hubId, List<Customer> customers, Random random) {
        for (int round = 0; round < NOTES_EACH; round++) {
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < customers.size(); i++) {
                bodies.add(body(random, i % 10 == 0 ? 150 : 20 + random.nextInt(21)));
            }
            List<Integer> indexes = IntStream.range(0, customers.size()).boxed().toList();
            Parallel.map(indexes, 8, i -> notes.create(hubId, customers.get(i).id(),
                    new NoteDraft(NoteKind.NOTE, bodies.get(i), "Lou", null, false)));
        }
    }

    private static String body(Random random, int words) {
        StringBuilder body = new StringBuilder(ONE_WORD);
        for (int w = 1; w < words; w++) {
            String word = VOCABULARY.get(random.nextInt(VOCABULARY.size()));
            // Past the vocabulary, numbered words: a long note's words are mostly different.
            body.append(' ').append(w < VOCABULARY.size() ? word : word + w);
        }
        return body.toString();
    }
}
