package dev.hubcrm.exports;

import dev.hubcrm.common.Ids;
import dev.hubcrm.common.JobStatus;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.Pages;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerCsv;
import dev.hubcrm.customers.CustomerFilter;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.imports.ImportQueue;
import dev.hubcrm.imports.UploadStore;
import dev.hubcrm.quotas.Quota;
import dev.hubcrm.quotas.Quotas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Customer exports ({@code GET /v1/customers/export}). Up to {@link #DIRECT_MAX_CUSTOMERS} customers
 * are answered at once as CSV, as they always were; more would not fit in one Lambda response (6 MB),
 * so the export becomes a job: recorded, queued for the export worker, answered 202. The worker
 * ({@link #run}) reads the customers page by page (a Query, as the list does), writes the CSV on disk
 * and puts it in the upload store under {@code exports/<hub>/<id>.csv}, counting {@code processed}
 * as it goes. {@code GET /v1/exports/{id}} then gives a presigned download URL, made at read time.
 */
public final class ExportService {
    /** The most customers answered directly as CSV (about 0.5 MB at ~500 bytes a row: far below 6 MB). */
    public static final int DIRECT_MAX_CUSTOMERS = 1000;
    /** How long a download URL is valid: made afresh at every read, so short is no burden. */
    public static final Duration DOWNLOAD_URL_VALIDITY = Duration.ofMinutes(15);
    /**
     * How long a finished export can be read (and its file downloaded). The bucket expires files a day
     * after they are written, at the next midnight UTC: never sooner than 24 h.
     */
    public static final Duration AVAILABLE_AFTER_FINISHING = Duration.ofHours(23);
    /** An unfinished export older than this is no longer answered to a new request with the same filter. */
    static final Duration REUSE_UNFINISHED = Duration.ofHours(1);
    /** Every export file's key starts so (the stack grants the functions this prefix only). */
    public static final String KEY_PREFIX = "exports/";
    public static final String ID_PREFIX = "exp";
    /** The RFC 7240 preference that asks for the job even for a small export: one code path for clients. */
    public static final String RESPOND_ASYNC = "respond-async";
    /** The worker writes progress at most this often. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);
    /** Deliveries of one export message before the queue moves it to its dead-letter queue (the stack's). */
    public static final int DELIVERY_ATTEMPTS = 5;

    private final ExportRepository repository;
    private final CustomerService customers;
    private final HubService hubs;
    private final UploadStore store;
    private final Supplier<ImportQueue> queue;
    private final Quotas quotas;
    private final Clock clock;

    /** @param queue built on first use: the worker does not send */
    public ExportService(ExportRepository repository, CustomerService customers, HubService hubs, UploadStore store,
            Supplier<ImportQueue> queue, Quotas quotas, Clock clock) {
        this.repository = repository;
        this.customers = customers;
        this.hubs = hubs;
        this.store = store;
        this.queue = queue;
        this.quotas = quotas;
        this.clock = clock;
    }

    /** What {@code GET /v1/customers/export} answers: the CSV itself, or the export job that will write it. */
    public sealed interface Answer {
        record Csv(String text) implements Answer {
        }

        record Queued(ExportJob job) implements Answer {
        }
    }

    /**
     * The CSV of the customers {@code filter} lists when there are at most {@link #DIRECT_MAX_CUSTOMERS}
     * (reading one more to know), else (or when {@code async} is asked for) an export job. An
     * unfinished export of the same filter, started within {@link #REUSE_UNFINISHED}, is answered
     * instead of starting another: a client or proxy retrying the GET does not multiply the work.
     * Only a new job counts against the hub's {@link Quota#EXPORTS}.
     */
    public Answer export(String hubId, CustomerFilter filter, boolean async) {
        if (!async) {
            List<Customer> all = new ArrayList<>();
            Pages.each(cursor -> customers.list(hubId, filter, new PageRequest(PageRequest.MAX_LIMIT, cursor)), page -> {
                all.addAll(page.items());
                return all.size() <= DIRECT_MAX_CUSTOMERS;
            });
            if (all.size() <= DIRECT_MAX_CUSTOMERS) {
                return new Answer.Csv(CustomerCsv.write(all, hubs.get(hubId).fields()));
            }
        }
        String filterKey = filterKey(filter);
        Instant now = clock.instant();
        Optional<ExportJob> unfinished = repository.current(hubId, filterKey).flatMap(id -> repository.find(hubId, id))
                .filter(job -> !job.status().finished() && job.createdAt().isAfter(now.minus(REUSE_UNFINISHED)));
        if (unfinished.isPresent()) {
            return new Answer.Queued(unfinished.get());
        }
        quotas.take(hubId, Quota.EXPORTS);
        ExportJob job = new ExportJob(Ids.newId(ID_PREFIX), JobStatus.QUEUED, filter, 0, now, now, null, null);
        repository.create(hubId, job, filterKey);
        try {
            queue.get().send(List.of(ExportJson.message(hubId, job.id())));
        } catch (RuntimeException e) {
            repository.fail(hubId, job.id(), "the export could not be queued: ask for it again", clock.instant());
            throw e;
        }
        return new Answer.Queued(job);
    }

    /** The export, while it can be read: unknown, another hub's and expired exports are a 404 alike. */
    public ExportJob get(String hubId, String exportId) {
        if (!Ids.looksLike(ID_PREFIX, exportId)) {
            throw new NotFoundException("no export " + Ids.shorten(exportId));
        }
        ExportJob job = repository.find(hubId, exportId).orElseThrow(() -> new NotFoundException("no export " + exportId));
        if (job.finishedAt() != null && clock.instant().isAfter(job.finishedAt().plus(AVAILABLE_AFTER_FINISHING))) {
            throw new NotFoundException("export " + exportId + " has expired: its file is kept for a day; ask for a new one"
                    + " with GET /v1/customers/export");
        }
        return job;
    }

    /** Where to download a finished export's file from, and until when. */
    public record Download(URI url, Instant expiresAt) {
    }

    /** The download of a done export: a presigned URL made now; empty for an export not done. */
    public Optional<Download> download(String hubId, ExportJob job) {
        if (job.status() != JobStatus.DONE) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plus(DOWNLOAD_URL_VALIDITY);
        Instant gone = job.finishedAt().plus(AVAILABLE_AFTER_FINISHING);
        if (gone.isBefore(expiresAt)) {
            expiresAt = gone;
        }
        return Optional.of(new Download(store.downloadUrl(key(hubId, job.id()), expiresAt, "customers-" + job.id() + ".csv"),
                expiresAt));
    }

    /** What the worker did with one export message. */
    public enum RunResult {
        DONE,
        /** Finished (done or failed) by an earlier delivery: nothing was done again. */
        ALREADY_FINISHED,
        /** The export no longer exists (expired): nothing was done. */
        EXPORT_GONE,
        /** Stopped as failed: more customers than one run can read, or the last delivery failed too. */
        FAILED
    }

    /**
     * Writes the export's file from the start (a delivery after a crash starts over; the file is
     * replaced whole). Stops as failed when {@code outOfTime} says the invocation could not finish.
     *
     * @param lastAttempt the queue will not deliver this export again: a failure marks it failed
     * @throws RuntimeException when it could not be written and it is not the last attempt: the
     *     message is to be delivered again
     */
    public RunResult run(String hubId, String exportId, BooleanSupplier outOfTime, boolean lastAttempt) {
        Optional<ExportJob> found = repository.find(hubId, exportId);
        if (found.isEmpty()) {
            return RunResult.EXPORT_GONE;
        }
        ExportJob job = found.get();
        if (job.status().finished() || !repository.start(hubId, exportId, clock.instant())) {
            return RunResult.ALREADY_FINISHED;
        }
        Path directory = null;
        try {
            directory = Files.createTempDirectory("hubcrm-export-");
            long started = System.nanoTime();
            try (CustomerCsv.Spool spool = CustomerCsv.spool(directory, hubs.get(hubId).fields())) {
                Instant[] lastProgress = {clock.instant()};
                boolean written = Pages.each(cursor -> customers.list(hubId, job.filter(), new PageRequest(PageRequest.MAX_LIMIT, cursor)), page -> {
                    page.items().forEach(spool::add);
                    Instant now = clock.instant();
                    if (page.nextCursor() != null && outOfTime.getAsBoolean()) {
                        repository.fail(hubId, exportId, "the filter matches more customers than one export can write ("
                                + spool.count() + " written in " + Duration.ofNanos(System.nanoTime() - started).toMinutes()
                                + " min, and more to come): export a part at a time, with a tag, status, type or segment filter", now);
                        return false;
                    }
                    if (!now.isBefore(lastProgress[0].plus(PROGRESS_EVERY))) {
                        repository.progress(hubId, exportId, spool.count(), now);
                        lastProgress[0] = now;
                    }
                    return true;
                });
                if (!written) {
                    return RunResult.FAILED;
                }
                Path csv = spool.finish(directory.resolve("export.csv"));
                store.put(key(hubId, exportId), csv, CustomerCsv.MEDIA_TYPE);
                repository.finish(hubId, exportId, spool.count(), clock.instant());
                return RunResult.DONE;
            }
        } catch (IOException | RuntimeException e) {
            if (lastAttempt) {
                repository.fail(hubId, exportId, "the file could not be written after " + DELIVERY_ATTEMPTS
                        + " attempts: ask for the export again", clock.instant());
                return RunResult.FAILED;
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        } finally {
            delete(directory);
        }
    }

    /** The store key of an export's file: the hub first, as every key of hubcrm. */
    static String key(String hubId, String exportId) {
        return KEY_PREFIX + hubId + "/" + exportId + ".csv";
    }

    /** Stands for a filter: equal for filters that list the same customers (tags in any order). */
    static String filterKey(CustomerFilter filter) {
        String canonical = String.join("\n", String.join("\u0000", filter.tags().stream().sorted().toList()),
                String.valueOf(filter.status()), String.valueOf(filter.type()), String.valueOf(filter.query()),
                String.valueOf(filter.segmentId()), String.valueOf(filter.balanceBelow()));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static void delete(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory of a finished invocation: the next cold start gets a clean /tmp
        }
    }
}
