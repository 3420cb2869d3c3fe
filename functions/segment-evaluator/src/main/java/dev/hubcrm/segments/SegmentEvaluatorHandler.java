package dev.hubcrm.segments;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.conversations.Channel;
import dev.hubcrm.conversations.ChannelService;
import dev.hubcrm.conversations.DynamoChannelRepository;
import dev.hubcrm.conversations.NoteService;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.DynamoCustomerRepository;
import dev.hubcrm.store.Items;
import dev.hubcrm.store.TableDesign;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * segment-evaluator: the table's DynamoDB stream. A customer record re-evaluates that customer
 * against its hub's segments (one catalogue read per hub and batch); a segment record that is
 * building runs one backfill step, whose progress write comes back as the next record; a deleted
 * segment loses its memberships; a channel record whose feed is building runs one step of its
 * backfill (ADR 29), chained the same way, as do the copy of a joiner's notes into its segment's
 * channels (a {@code channel-join} record, ADR 30), the rewrite of a renamed customer's name in
 * those feeds (a {@code channel-rename} record) and the erasing of a deleted customer's notes
 * (a {@code note-purge} record). Records are handled in order; the first that fails is reported
 * (partial batch response), so Lambda retries from it and the records before it are done.
 */
public final class SegmentEvaluatorHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentEvaluatorHandler.class);

    private final SegmentMembership membership;
    private final ChannelService channels;
    private final NoteService notes;

    public SegmentEvaluatorHandler() {
        this(AppContext.fromEnvironment());
    }

    public SegmentEvaluatorHandler(AppContext app) {
        this.membership = app.segmentMembership();
        this.channels = app.channels();
        this.notes = app.notes();
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> work(event));
    }

    private StreamsEventResponse work(DynamodbEvent event) {
        Map<String, Map<String, SegmentRule>> rulesByHub = new HashMap<>();
        List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (DynamodbEvent.DynamodbStreamRecord record : records) {
            try {
                handle(record, rulesByHub);
            } catch (RuntimeException e) {
                // Keys and ids only: images hold emails and names.
                LOG.error("stream record failed; Lambda retries from it", entry("eventId", record.getEventID()),
                        entry("sequenceNumber", record.getDynamodb().getSequenceNumber()),
                        entry("exception", e.getClass().getName()), entry("reason", e.getMessage()));
                return StreamsEventResponse.builder().withBatchItemFailures(List.of(
                        new StreamsEventResponse.BatchItemFailure(record.getDynamodb().getSequenceNumber()))).build();
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }

    private void handle(DynamodbEvent.DynamodbStreamRecord record, Map<String, Map<String, SegmentRule>> rulesByHub) {
        Map<String, AttributeValue> before = StreamImages.item(record.getDynamodb().getOldImage());
        Map<String, AttributeValue> after = StreamImages.item(record.getDynamodb().getNewImage());
        Map<String, AttributeValue> image = after != null ? after : before;
        if (image == null) {
            return;
        }
        String hubId = TableDesign.hubId(Items.string(image, TableDesign.PARTITION_KEY));
        switch (String.valueOf(Items.string(image, "kind"))) {
            case "customer" -> {
                Customer old = before == null ? null : DynamoCustomerRepository.fromItem(before);
                Customer now = after == null ? null : DynamoCustomerRepository.fromItem(after);
                SegmentMembership.Outcome outcome = membership.customerChanged(hubId, old, now,
                        rulesByHub.computeIfAbsent(hubId, membership::rules));
                if (now == null) {
                    notes.customerDeleted(hubId, old.id());
                }
                channels.customerChanged(hubId, old, now);
                LOG.info("customer evaluated", entry("hubId", hubId), entry("customerId", (now == null ? old : now).id()),
                        entry("joined", outcome.joined()), entry("left", outcome.left()));
            }
            case "segment" -> {
                rulesByHub.remove(hubId);
                String segmentId = Items.string(image, "id");
                if (after == null) {
                    membership.segmentDeleted(hubId, segmentId);
                    LOG.info("segment deleted: memberships removed", entry("hubId", hubId), entry("segmentId", segmentId));
                } else if (Segment.Status.BUILDING.wire().equals(Items.string(after, "status"))) {
                    Segment segment = DynamoSegmentRepository.fromItem(after);
                    boolean recorded = membership.backfillStep(new SegmentMembership.BackfillState(hubId, segment.id(),
                            segment.generation(), segment.ruleJson(), DynamoSegmentRepository.backfillCursor(after),
                            segment.processed()));
                    LOG.info("segment backfill step", entry("hubId", hubId), entry("segmentId", segmentId),
                            entry("generation", segment.generation()), entry("processedBefore", segment.processed()),
                            entry("recorded", recorded));
                }
            }
            case "channel" -> {
                if (after != null && Channel.Status.BUILDING.wire().equals(Items.string(after, "backfillStatus"))) {
                    Channel channel = DynamoChannelRepository.fromItem(after);
                    boolean recorded = channels.backfillStep(hubId, channel, DynamoChannelRepository.backfillCursor(after),
                            channel.backfill().processed());
                    LOG.info("channel backfill step", entry("hubId", hubId), entry("channelId", channel.id()),
                            entry("processedBefore", channel.backfill().processed()), entry("recorded", recorded));
                }
            }
            case "channel-join" -> {
                if (after != null) {
                    String customerId = Items.string(after, "customerId");
                    boolean recorded = channels.joinStep(hubId, Items.string(after, "segmentId"), customerId, Items.string(after, "run"),
                            Items.string(after, "cursor"));
                    LOG.info("channel join step", entry("hubId", hubId), entry("segmentId", Items.string(after, "segmentId")),
                            entry("customerId", customerId), entry("recorded", recorded));
                }
            }
            case "channel-rename" -> {
                if (after != null) {
                    String customerId = Items.string(after, "customerId");
                    boolean recorded = channels.renameStep(hubId, customerId, Items.string(after, "run"), Items.string(after, "cursor"));
                    LOG.info("channel rename step", entry("hubId", hubId), entry("customerId", customerId), entry("recorded", recorded));
                }
            }
            case "note-purge" -> {
                if (after != null) {
                    notes.purgeStep(hubId, Items.string(after, "customerId"), (int) Items.number(after, "step"));
                    LOG.info("note purge step", entry("hubId", hubId), entry("customerId", Items.string(after, "customerId")),
                            entry("step", Items.number(after, "step")));
                }
            }
            default -> {
                // memberships, catalogue, index entries: nothing to evaluate (the stack's filter leaves them out)
            }
        }
    }
}
