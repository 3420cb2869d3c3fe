package dev.hubcrm.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.config.AwsClients;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.routes.QueueConsumer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The campaign sender as one Lambda execution environment, in an OS process of its own: the handler
 * built by its no-argument constructor from the environment alone (as the stack configures it), fed
 * by one poller of the campaign queue that does what the event source mapping does
 * ({@link LocalSqsEventSource}), one batch at a time. {@link #kill} is SIGKILL: the process dies
 * wherever it is, as an environment does on a timeout, out of memory or a host failure, with no
 * handler code run on the way out.
 */
final class CampaignSenderProcess implements AutoCloseable {
    private final Process process;

    private CampaignSenderProcess(Process process) {
        this.process = process;
    }

    /** Starts it on this JVM's class path with {@code environment} and nothing of this process's own; output to {@code log}. */
    static CampaignSenderProcess start(Map<String, String> environment, Path log) {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // As the managed runtime starts a small function: a serial collector and the C1 compiler only.
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), CampaignSenderProcess.class.getName())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            return new CampaignSenderProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL, then waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the campaign sender (pid " + process.pid() + ") outlived SIGKILL by 10 s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /** The stack's event source as one execution environment sees it: its batches, one at a time. */
    private static final QueueConsumer ONE_INVOCATION_AT_A_TIME = new QueueConsumer(QueueConsumer.CAMPAIGN_SENDER.batchSize(),
            QueueConsumer.CAMPAIGN_SENDER.maxBatchingWindow(), 1, QueueConsumer.CAMPAIGN_SENDER.functionTimeout());

    /** In the child: polls the queue the environment names until killed. */
    public static void main(String[] args) throws InterruptedException {
        SqsClient sqs = AwsClients.inLambda(SqsClient.builder());
        LocalSqsEventSource.start(sqs, System.getenv(AppContext.CAMPAIGN_QUEUE_URL_ENV), LambdaFunction.CAMPAIGN_SENDER,
                CampaignSenderProcess::newHandler, ONE_INVOCATION_AT_A_TIME);
        Thread.currentThread().join(); // the pollers are daemon threads
    }

    /** As Lambda builds a handler: its class by name, its public no-argument constructor. */
    @SuppressWarnings("unchecked")
    private static RequestHandler<SQSEvent, SQSBatchResponse> newHandler() {
        try {
            return (RequestHandler<SQSEvent, SQSBatchResponse>) Class.forName(LambdaFunction.CAMPAIGN_SENDER.handlerClass())
                    .getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
