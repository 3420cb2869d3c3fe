package dev.hubcrm.runtimecheck;

import dev.hubcrm.config.AwsClients;
import dev.hubcrm.store.TableProvisioner;
import dev.hubcrm.testkit.EmbeddedDynamoDb;
import dev.hubcrm.testkit.EmbeddedSqs;
import dev.hubcrm.testkit.EmulatorProcess;
import dev.hubcrm.testkit.MotoServer;
import dev.hubcrm.testkit.StripeMock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Everything the stack's functions talk to, on this machine: DynamoDB Local and ElasticMQ in-process,
 * moto for SSM, SES, S3 and EventBridge, stripe-mock for Stripe's API. The functions reach them through the SDK's
 * own endpoint variables ({@code AWS_ENDPOINT_URL_<SERVICE>}) and Stripe Java's API base.
 */
final class Emulators implements AutoCloseable {
    static final String REGION = "eu-west-1";

    final EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.inMemory();
    final EmbeddedSqs sqs = EmbeddedSqs.start();
    final EmulatorProcess moto = MotoServer.start();
    final EmulatorProcess stripe = StripeMock.start();

    /** The endpoint variables a function gets, as the SDK reads them. */
    Map<String, String> endpointEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_SQS", sqs.endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_SSM", moto.endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_SESV2", moto.endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_S3", moto.endpoint().toString());
        environment.put("AWS_ENDPOINT_URL_EVENTBRIDGE", moto.endpoint().toString());
        environment.put("STRIPE_API_BASE", stripe.endpoint().toString());
        return environment;
    }

    /** Creates what CloudFormation would create for a resource of the template; answers its {@code Ref} value. */
    String create(String logicalId, String type) {
        return switch (type) {
            case "AWS::DynamoDB::Table" -> {
                String table = "hubcrm-" + logicalId.toLowerCase(Locale.ROOT);
                TableProvisioner.ensureTable(AwsClients.emulator(DynamoDbClient.builder(), dynamo.endpoint()), table);
                yield table;
            }
            case "AWS::SQS::Queue" -> AwsClients.emulator(SqsClient.builder(), sqs.endpoint())
                    .createQueue(r -> r.queueName(logicalId)).queueUrl();
            case "AWS::S3::Bucket" -> {
                String bucket = "hubcrm-" + logicalId.toLowerCase(Locale.ROOT);
                motoClient(S3Client.builder().forcePathStyle(true)).createBucket(r -> r.bucket(bucket));
                yield bucket;
            }
            case "AWS::Events::EventBus" -> {
                String bus = "hubcrm-" + logicalId.toLowerCase(Locale.ROOT);
                motoClient(EventBridgeClient.builder()).createEventBus(r -> r.name(bus));
                yield bus;
            }
            default -> logicalId.toLowerCase(Locale.ROOT);
        };
    }

    /** A SecureString parameter, as an operator creates the stack's secrets before deploying. */
    void putSecret(String name, String value) {
        motoClient(SsmClient.builder()).putParameter(r -> r.name(name).value(value).type(ParameterType.SECURE_STRING).overwrite(true));
    }

    /** An object in a bucket of {@link #create}, as a service that writes there (SES receiving) leaves it. */
    void putObject(String bucket, String key, byte[] content) {
        motoClient(S3Client.builder().forcePathStyle(true)).putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }

    /** A verified SES identity (moto verifies at once). */
    void verifySender(String address) {
        motoClient(SesV2Client.builder()).createEmailIdentity(r -> r.emailIdentity(address));
    }

    /** moto keeps resources per region: the functions' region. */
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C motoClient(B builder) {
        return AwsClients.emulator(builder, moto.endpoint(), Region.of(REGION));
    }

    @Override
    public void close() {
        stripe.close();
        moto.close();
        sqs.close();
        dynamo.close();
    }
}
