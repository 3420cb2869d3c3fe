package dev.hubcrm.bench;

import dev.hubcrm.campaigns.Campaign;
import dev.hubcrm.campaigns.CampaignJson;
import dev.hubcrm.campaigns.CampaignRepository;
import dev.hubcrm.campaigns.CampaignSenderHandler;
import dev.hubcrm.campaigns.CampaignStats;
import dev.hubcrm.campaigns.CampaignStatus;
import dev.hubcrm.campaigns.CampaignTask;
import dev.hubcrm.campaigns.DynamoCampaignRepository;
import dev.hubcrm.common.Ids;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.config.AwsClients;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerType;
import dev.hubcrm.events.LocalDomainEvents;
import dev.hubcrm.hubs.ApiKeys;
import dev.hubcrm.hubs.NewHub;
import dev.hubcrm.imports.SqsImportQueue;
import dev.hubcrm.local.LocalSqsEventSource;
import dev.hubcrm.mail.SesMailer;
import dev.hubcrm.pacing.SendPacing;
import dev.hubcrm.pacing.SendRate;
import dev.hubcrm.quotas.DynamoQuotaCounter;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.routes.QueueConsumer;
import dev.hubcrm.store.BatchGets;
import dev.hubcrm.store.TableDesign;
import dev.hubcrm.store.TableProvisioner;
import dev.hubcrm.testkit.EmbeddedDynamoDb;
import dev.hubcrm.testkit.EmbeddedSqs;
import dev.hubcrm.testkit.EmulatorProcess;
import dev.hubcrm.testkit.MotoServer;
import dev.hubcrm.testkit.SesFaultProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The campaign sender's achieved send rate against the configured one (ADR 27): one hub's campaign of
 * N recipients, its deliveries queued as the snapshot queues them, consumed by the real sender as the
 * stack runs it (the stack's own {@link QueueConsumer#CAMPAIGN_SENDER}: batch size, batching window, invocations at once) through the SES v2 adapter to moto behind
 * {@link SesFaultProxy}; the clock runs from the sender's start to the campaign's {@code sent}. What
 * moto kept is counted per address: lost (no mail) and duplicates (more than one).
 */
final class CampaignRateBench {
    /** As the local server's campaign queue: a delivery that failed comes back after 20 s. */
    private static final Duration VISIBILITY = Duration.ofSeconds(20);
    private static final String MAIL_FROM = "wallet@hubcrm.invalid";
    /** Recipients of the campaign sent before the measured ones, at the last (highest) rate. */
    static final int WARM_UP = 1_000;

    record Run(double configured, double throttledFraction, int recipients, double seconds, int mailed, int lost, int duplicates,
            int throttledCalls, double dynamoCallsPerRecipient, long transactionConflicts, List<Long> tokensPerSecond, String failure) {
        double achieved() {
            return recipients / seconds;
        }

        /** A run that did not end (the campaign not sent in time): what went wrong, so that the other runs still report. */
        static Run failed(double configured, double throttledFraction, int recipients, RuntimeException e) {
            return new Run(configured, throttledFraction, recipients, Double.NaN, 0, 0, 0, 0, 0, 0, List.of(), e.getMessage());
        }
    }

    private CampaignRateBench() {
    }

    /** Each of {@code rates} with and without {@code throttledFraction} of sends throttled, on one set of emulators. */
    static List<Run> run(int recipients, List<Double> rates, double throttledFraction) {
        DynamoCalls calls = new DynamoCalls();
        try (EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.inMemory(); EmbeddedSqs sqs = EmbeddedSqs.start();
                EmulatorProcess moto = MotoServer.start(); SesFaultProxy ses = SesFaultProxy.start(moto.endpoint(), 27);
                SesV2Client client = AwsClients.emulator(SesMailer.forMail(SesV2Client.builder()), ses.endpoint());
                DynamoDbClient plain = AppContext.localDynamo(dynamoDb.endpoint());
                DynamoDbClient counted = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(dynamoDb.endpoint())
                        .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                        .overrideConfiguration(c -> c.addExecutionInterceptor(calls)).build()) {
            String table = "hubcrm-campaign-rate";
            TableProvisioner.ensureTable(plain, table);
            AppContext app = AppContext.local(counted, table, ApiKeys.sha256("bench-" + Ids.newId("op")), AppContext.systemClock(), Duration.ZERO);
            String queueUrl = app.withImportQueue(sqs.endpoint(), null).sqs().createQueue(r -> r.queueName("campaigns")
                    .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(VISIBILITY.toSeconds())))).queueUrl();
            app.withCampaignQueue(queueUrl).withMailer(new SesMailer(client)).withCheckout(null, null, () -> "bench-unsubscribe-key")
                    .withDomainEvents(new LocalDomainEvents(AppContext.systemClock()));
            String hubId = app.hubs().create(new NewHub("Bench hub", "EUR", "Europe/Paris")).hub().id();
            List<String> customerIds = IntStream.range(0, recipients).parallel().mapToObj(i -> app.customers().create(hubId,
                    new CustomerDraft(CustomerType.PERSON, address(i), null, "M" + i, null, null, List.of(), Map.of(), true, null, false))
                    .id()).toList();
            // Not counted: a first campaign pays the JIT's and the emulators' warm-up, whichever rate it has.
            once(app, plain, table, calls, queueUrl, hubId, customerIds.subList(0, Math.min(WARM_UP,
                    customerIds.size())), moto.endpoint(), client, ses, rates.getLast(), 0);
            List<Run> runs = new ArrayList<>();
            for (double rate : rates) {
                for (double throttled : List.of(0.0, throttledFraction)) {
                    try {
                        runs.add(once(app, plain, table, calls, queueUrl, hubId, customerIds, moto.endpoint(), client, ses, rate, throttled));
                    } catch (RuntimeException e) {
                        runs.add(Run.failed(rate, throttled, customerIds.size(), e));
                        // What the failed run left queued is not the next run's work.
                        app.sqs().purgeQueue(r -> r.queueUrl(queueUrl));
                    }
                }
            }
            return runs;
        }
    }

    /** What the sender asks of DynamoDB: its calls, and its transactions another transaction cancelled (each retried). */
    static final class DynamoCalls implements ExecutionInterceptor {
        final AtomicLong calls = new AtomicLong();
        final AtomicLong conflicts = new AtomicLong();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            calls.incrementAndGet();
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            if (context.exception() instanceof TransactionCanceledException cancelled && cancelled.hasCancellationReasons()
                    && cancelled.cancellationReasons().stream().anyMatch(reason -> "TransactionConflict".equals(reason.code()))) {
                conflicts.incrementAndGet();
            }
        }
    }

    /** @param plain a client of its own, so that the clock's polling and the bench's reads are not counted as the sender's calls */
    private static Run once(AppContext app, DynamoDbClient plain, String table, DynamoCalls calls, String queueUrl, String hubId,
            List<String> customerIds, URI moto, SesV2Client client, SesFaultProxy ses, double rate, double throttledFraction) {
        DynamoCampaignRepository campaigns = new DynamoCampaignRepository(plain, table);
        motoCall(moto, "/moto-api/reset");
        client.createEmailIdentity(r -> r.emailIdentity(MAIL_FROM));
        ses.failing(throttledFraction, 0);
        int throttledBefore = ses.throttled();
        app.withSendRate(new SendRate(rate, 1));
        Instant now = Instant.now();
        Campaign campaign = new Campaign(Ids.newId(Campaign.ID_PREFIX), "Rate " + rate, "seg_00000000000000000000000000", "Hi {{firstName}}",
                "Hello {{firstName}}", null, CampaignStatus.DRAFT, CampaignStats.NONE, null, false, null, null, now, now, 1);
        campaigns.create(hubId, campaign);
        campaigns.startSending(hubId, campaign, now);
        int page = CampaignRepository.MAX_NEW_RECIPIENTS;
        for (int from = 0; from < customerIds.size(); from += page) {
            campaigns.addRecipients(hubId, campaign.id(), customerIds.subList(from, Math.min(from + page, customerIds.size())), now);
        }
        campaigns.advanceSnapshot(hubId, campaign.id(), null, null, now);
        new SqsImportQueue(app.sqs(), queueUrl).send(customerIds.stream()
                .map(id -> CampaignJson.message(new CampaignTask.Delivery(hubId, campaign.id(), id))).toList());
        long callsBefore = calls.calls.get();
        long conflictsBefore = calls.conflicts.get();
        long started = System.nanoTime();
        Duration bound = Duration.ofSeconds((long) (customerIds.size() / rate * 3) + 120);
        try (LocalSqsEventSource sender = LocalSqsEventSource.start(app.sqs(), queueUrl, LambdaFunction.CAMPAIGN_SENDER,
                () -> new CampaignSenderHandler(app), QueueConsumer.CAMPAIGN_SENDER)) {
            while (campaigns.status(hubId, campaign.id()).orElseThrow() != CampaignStatus.SENT) {
                if (System.nanoTime() - started > bound.toNanos()) {
                    throw new IllegalStateException("campaign not sent within " + bound);
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long elapsed = System.nanoTime() - started;
        double seconds = elapsed / 1e9;
        Instant ended = Instant.now();
        List<Long> tokensPerSecond = tokensPerSecond(plain, table, hubId, ended.minusNanos(elapsed), ended);
        Map<String, Integer> mails = MotoServer.mailsPerAddress(moto);
        int mailed = mails.values().stream().mapToInt(Integer::intValue).sum();
        int lost = (int) IntStream.range(0, customerIds.size()).filter(i -> !mails.containsKey(address(i))).count();
        int duplicates = mails.values().stream().mapToInt(count -> count - 1).sum();
        return new Run(rate, throttledFraction, customerIds.size(), seconds, mailed, lost, duplicates, ses.throttled() - throttledBefore,
                (double) (calls.calls.get() - callsBefore) / customerIds.size(), calls.conflicts.get() - conflictsBefore, tokensPerSecond, null);
    }

    /**
     * The hub's campaign tokens taken in each whole second of the run (ADR 27's counters, which DynamoDB Local keeps past
     * their TTL): where a paced run's seconds went short of the rate.
     */
    private static List<Long> tokensPerSecond(DynamoDbClient dynamo, String table, String hubId, Instant from, Instant to) {
        List<Map<String, AttributeValue>> keys = LongStream.range(from.getEpochSecond() + 1, to.getEpochSecond())
                .mapToObj(second -> DynamoQuotaCounter.hubCounterKey(hubId, SendPacing.CAMPAIGN_COUNTER, second)).toList();
        Map<Map<String, AttributeValue>, Long> taken = new HashMap<>();
        BatchGets.read(dynamo, table, keys).forEach(item -> taken.put(Map.of(TableDesign.PARTITION_KEY, item.get(TableDesign.PARTITION_KEY),
                TableDesign.SORT_KEY, item.get(TableDesign.SORT_KEY)), Long.parseLong(item.get("count").n())));
        return keys.stream().map(key -> taken.getOrDefault(key, 0L)).toList();
    }

    private static String address(int i) {
        return "bench-" + i + "@example.com";
    }

    private static void motoCall(URI moto, String path) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            http.send(HttpRequest.newBuilder(moto.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
