package dev.hubcrm.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cold-start yardstick: the least a Java function that reads DynamoDB can do. It builds the
 * client the way {@code AppContext.fromEnvironment()} does (same HTTP client, region and
 * credentials from the environment, endpoint from {@code AWS_ENDPOINT_URL_DYNAMODB} when set) and
 * does one GetItem. Input: {@code {"table", "pk", "sk"}}; output: the number of attributes read.
 */
public class BareHelloHandler implements RequestHandler<Map<String, Object>, String> {
    private final DynamoDbClient dynamo;

    public BareHelloHandler() {
        this(UrlConnectionHttpClient.create());
    }

    protected BareHelloHandler(SdkHttpClient httpClient) {
        this(httpClient, EnvironmentVariableCredentialsProvider.create());
    }

    protected BareHelloHandler(SdkHttpClient httpClient, AwsCredentialsProvider credentials) {
        dynamo = DynamoDbClient.builder()
                .httpClient(httpClient)
                .region(Region.of(System.getenv("AWS_REGION")))
                .credentialsProvider(credentials)
                .build();
    }

    @Override
    public String handleRequest(Map<String, Object> input, Context context) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName((String) input.get("table"))
                .key(Map.of("PK", AttributeValue.fromS((String) input.get("pk")),
                        "SK", AttributeValue.fromS((String) input.get("sk"))))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? "none" : Integer.toString(item.size());
    }
}
