package dev.hubcrm.bench;

import dev.hubcrm.testkit.lambda.InvocationContext;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.customers.CustomersApiHandler;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * Warm latency in this JVM: {@code GET /v1/customers/{id}} through the real handler (routing,
 * authentication from the warm key cache, the customer GetItem, JSON, the request log line and
 * the metrics flush) against a raw consistent GetItem of the same item with the same client.
 * Both run interleaved in blocks, each block's order swapped, so drift hits both alike.
 */
final class Warm {
    record Result(Summary handler, Summary raw) {
    }

    private Warm() {
    }

    /** {@code warmupCalls} in all (half of each kind), then {@code calls} measured of each kind. */
    static Result run(AppContext app, Fixture fixture, int warmupCalls, int calls, int block) {
        CustomersApiHandler handler = new CustomersApiHandler(app);
        APIGatewayV2HTTPEvent event = CustomerGetEvent.of(fixture.customerId(), fixture.apiKey(), "warm");
        Context context = new InvocationContext("hubcrm-customers-api", 1024);
        DynamoDbClient dynamo = app.dynamo();
        GetItemRequest getItem = GetItemRequest.builder().tableName(fixture.table()).consistentRead(true)
                .key(Map.of("PK", AttributeValue.fromS(fixture.pk()), "SK", AttributeValue.fromS(fixture.sk())))
                .build();

        int warmupEach = Math.max(1, warmupCalls / 2);
        measure(handler, event, context, dynamo, getItem, warmupEach, block, new long[warmupEach], new long[warmupEach]);
        long[] handlerNanos = new long[calls];
        long[] rawNanos = new long[calls];
        measure(handler, event, context, dynamo, getItem, calls, block, handlerNanos, rawNanos);
        return new Result(Summary.ofNanos(handlerNanos), Summary.ofNanos(rawNanos));
    }

    private static void measure(CustomersApiHandler handler, APIGatewayV2HTTPEvent event, Context context,
            DynamoDbClient dynamo, GetItemRequest getItem, int calls, int block, long[] handlerNanos, long[] rawNanos) {
        int done = 0;
        boolean handlerFirst = true;
        while (done < calls) {
            int size = Math.min(block, calls - done);
            if (handlerFirst) {
                handlerBlock(handler, event, context, done, size, handlerNanos);
                rawBlock(dynamo, getItem, done, size, rawNanos);
            } else {
                rawBlock(dynamo, getItem, done, size, rawNanos);
                handlerBlock(handler, event, context, done, size, handlerNanos);
            }
            handlerFirst = !handlerFirst;
            done += size;
        }
    }

    private static void handlerBlock(CustomersApiHandler handler, APIGatewayV2HTTPEvent event, Context context,
            int from, int size, long[] nanos) {
        for (int i = from; i < from + size; i++) {
            long started = System.nanoTime();
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, context);
            nanos[i] = System.nanoTime() - started;
            if (response.getStatusCode() != 200) {
                throw new IllegalStateException("the handler answered " + response.getStatusCode() + ": " + response.getBody());
            }
        }
    }

    private static void rawBlock(DynamoDbClient dynamo, GetItemRequest getItem, int from, int size, long[] nanos) {
        for (int i = from; i < from + size; i++) {
            long started = System.nanoTime();
            Map<String, AttributeValue> item = dynamo.getItem(getItem).item();
            nanos[i] = System.nanoTime() - started;
            if (item == null || item.isEmpty()) {
                throw new IllegalStateException("the raw GetItem found no customer item");
            }
        }
    }
}
