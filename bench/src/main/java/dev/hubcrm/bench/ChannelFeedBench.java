package dev.hubcrm.bench;

import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.Parallel;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.conversations.Channel;
import dev.hubcrm.conversations.ChannelDraft;
import dev.hubcrm.conversations.ChannelService;
import dev.hubcrm.conversations.DynamoChannelRepository;
import dev.hubcrm.conversations.DynamoNoteRepository;
import dev.hubcrm.conversations.DynamoNoteSearchIndex;
import dev.hubcrm.conversations.Note;
import dev.hubcrm.conversations.NoteKind;
import dev.hubcrm.conversations.NoteSearchIndex;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.customers.DynamoCustomerRepository;
import dev.hubcrm.common.Ids;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.segments.SegmentService;
import dev.hubcrm.store.Items;
import dev.hubcrm.store.TableProvisioner;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A channel over a segment of {@value #MEMBERS} members (or as many as asked) with {@value #NOTES_EACH} notes each, on
 * DynamoDB Local. The notes are written round by round (every member's first note, then every
 * member's second...), so the newest 50 feed entries name 50 different customers: the most a page
 * reads. Measured: the channel's backfill (steps as its stream records drive them), items read per
 * feed page of {@value #PAGE} (every item a response carries, on a counting client), a feed page's
 * p50 against one raw Query of {@value #PAGE} items of the same feed (search: {@link SearchBench}).
 */
final class ChannelFeedBench {
    static final int MEMBERS = 5_000;
    static final int NOTES_EACH = 10;
    static final int PAGE = 50;
    static final int ROUNDS = 200;
    /** A table of its own, without a stream (as the segments benchmark's). */
    static final String TABLE = "hubcrm-bench-channels";
    private static final String SEARCHED = "harvest";

    record Result(long backfillNanos, int backfillSteps, long maxItemsRead, double meanItemsRead, Summary feed, Summary rawFeed,
            long seedNanos) {
    }

    private ChannelFeedBench() {
    }

    static Result run(URI dynamoEndpoint, String operatorKeySha256, DynamoDbClient counting, SegmentBench.ItemCounter counter, int memberCount) {
        AppContext app = AppContext.local(dynamoEndpoint, TABLE, operatorKeySha256, AppContext.systemClock(), Duration.ofSeconds(30));
        TableProvisioner.ensureTable(app.dynamo(), TABLE, false);
        String hubId = app.hubs().create(new NewHub("Channel bench hub", "EUR", "Europe/Paris")).hub().id();
        long seedStarted = System.nanoTime();
        List<Customer> members = SegmentBench.seed(app, hubId, memberCount, new Random(7));
        String segmentId = app.segments().create(hubId, new SegmentService.SegmentInput("Everyone",
                SegmentBench.json("{\"field\":\"email\",\"op\":\"contains\",\"value\":\"@bench.example\"}"))).id();
        SegmentBench.build(app, app.segmentMembership(), hubId, segmentId);
        seedNotes(app, hubId, members);
        long seedNanos = System.nanoTime() - seedStarted;

        ChannelService channels = app.channels();
        Channel channel = channels.create(hubId, new ChannelDraft("Everyone's conversations", segmentId, null));
        long started = System.nanoTime();
        int steps = backfill(app, channels, hubId, channel);
        long backfillNanos = System.nanoTime() - started;

        DynamoNoteRepository countedNotes = new DynamoNoteRepository(counting, app.table());
        DynamoNoteSearchIndex countedIndex = new DynamoNoteSearchIndex(counting, app.table());
        CustomerService countedCustomers = new CustomerService(new DynamoCustomerRepository(counting, app.table()), app.hubs(),
                Clock.systemUTC());
        ChannelService countedChannels = new ChannelService(new DynamoChannelRepository(counting, app.table()), countedNotes, countedIndex,
                app.segments(), countedCustomers, Clock.systemUTC());
        long maxRead = 0;
        long totalRead = 0;
        long[][] feed = new long[2][ROUNDS];
        String feedPrefix = "CHFEED#" + channel.id().substring(channel.id().indexOf('_') + 1) + "#";
        for (int i = 0; i < ROUNDS; i++) {
            counter.reset();
            feed[0][i] = timed(() -> countedChannels.feed(hubId, channel.id(), new PageRequest(PAGE, null)));
            maxRead = Math.max(maxRead, counter.itemsRead.get());
            totalRead += counter.itemsRead.get();
            feed[1][i] = timed(() -> rawQuery(counting, app.table(), hubId, feedPrefix));
        }
        return new Result(backfillNanos, steps, maxRead, (double) totalRead / ROUNDS, Summary.ofNanos(feed[0]), Summary.ofNanos(feed[1]),
                seedNanos);
    }

    /** Notes in rounds, each with its kind index (the repository's transaction) and its search keys, 8 writers at once. */
    private static void seedNotes(AppContext app, String hubId, List<Customer> members) {
        DynamoNoteRepository notes = new DynamoNoteRepository(app.dynamo(), app.table());
        DynamoNoteSearchIndex index = new DynamoNoteSearchIndex(app.dynamo(), app.table());
        Instant now = Instant.now();
        for (int round = 0; round < NOTES_EACH; round++) {
            int r = round;
            List<Customer> batch = new ArrayList<>(members);
            Parallel.map(batch, 8, customer -> {
                // Short (11 search keys: one BatchWriteItem), so that seeding 50,000 notes stays within minutes.
                String body = SEARCHED + " call " + r;
                Note note = new Note(Ids.newId(Note.ID_PREFIX), customer.id(), NoteKind.NOTE, body, "Lou", null, false, now, now, 1, null);
                notes.create(hubId, note);
                index.replace(hubId, null, NoteSearchIndex.Document.of(note));
                return null;
            });
        }
    }

    private static int backfill(AppContext app, ChannelService channels, String hubId, Channel channel) {
        for (int steps = 0; ; steps++) {
            Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = app.dynamo().getItem(r -> r.tableName(app.table())
                    .consistentRead(true).key(Items.key("HUB#" + hubId, "CHAN#" + channel.id().substring(channel.id().indexOf('_') + 1)))).item();
            Channel now = DynamoChannelRepository.fromItem(item);
            if (now.backfill().status() == Channel.Status.READY) {
                return steps;
            }
            channels.backfillStep(hubId, now, DynamoChannelRepository.backfillCursor(item), now.backfill().processed());
        }
    }

    /** The yardstick: one Query of {@value #PAGE} items of a key prefix, newest first, as a page's first read. */
    private static Object rawQuery(DynamoDbClient dynamo, String table, String hubId, String prefix) {
        return dynamo.query(r -> r.tableName(table).consistentRead(true).scanIndexForward(false).limit(PAGE)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", Items.s("HUB#" + hubId), ":prefix", Items.s(prefix))));
    }

    static long timed(Supplier<Object> call) {
        long started = System.nanoTime();
        call.get();
        return System.nanoTime() - started;
    }
}
