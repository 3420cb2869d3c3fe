package dev.hubcrm.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hubcrm.config.AwsClients;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.routes.QueueConsumer;
import dev.hubcrm.testkit.EmbeddedSqs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The local event source as Lambda's with a batch above ten: gathered over the batching window, every handled message deleted. */
class LocalSqsEventSourceTest {
    @Test
    void aBatchOfTwentyFiveIsGatheredOverTheWindowAndEachMessageIsHandledOnceAndDeleted() {
        try (EmbeddedSqs emulator = EmbeddedSqs.start(); SqsClient sqs = AwsClients.emulator(SqsClient.builder(), emulator.endpoint())) {
            String queueUrl = sqs.createQueue(r -> r.queueName("batched").attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5")))
                    .queueUrl();
            for (int from = 0; from < 25; from += 10) {
                List<SendMessageBatchRequestEntry> entries = IntStream.range(from, Math.min(from + 10, 25))
                        .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("task-" + i).build()).toList();
                sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            }
            List<Integer> batchSizes = new CopyOnWriteArrayList<>();
            List<String> handled = new CopyOnWriteArrayList<>();
            QueueConsumer consumer = new QueueConsumer(25, Duration.ofSeconds(1), 1, Duration.ofMinutes(1));

            try (LocalSqsEventSource source = LocalSqsEventSource.start(sqs, queueUrl, LambdaFunction.CAMPAIGN_SENDER,
                    () -> (SQSEvent event, com.amazonaws.services.lambda.runtime.Context context) -> {
                        batchSizes.add(event.getRecords().size());
                        event.getRecords().forEach(message -> handled.add(message.getBody()));
                        return new SQSBatchResponse(List.of());
                    }, consumer)) {
                // A handled message left undeleted stays in flight, comes back and is handled again: the queue never drains.
                assertThat(source.awaitDrained(Duration.ofSeconds(30))).isTrue();
            }

            assertThat(handled).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 25).mapToObj(i -> "task-" + i).toList());
            assertThat(batchSizes).first().isEqualTo(25);
        }
    }
}
