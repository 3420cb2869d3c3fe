package dev.hubcrm.imports;

import dev.hubcrm.common.ConflictException;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.JobStatus;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.customers.CustomFieldRules;
import dev.hubcrm.customers.Customer;
import dev.hubcrm.customers.CustomerDraft;
import dev.hubcrm.customers.CustomerRules;
import dev.hubcrm.customers.CustomerService;
import dev.hubcrm.hubs.Hub;
import dev.hubcrm.hubs.HubService;
import dev.hubcrm.quotas.Quota;
import dev.hubcrm.quotas.Quotas;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * CSV/XLSX imports. {@link #start} parses and checks the whole file at once (the API call), then
 * either answers what it would do (dry run) or records the import and queues its rows in chunks;
 * {@link #process} (the queue worker) creates or updates the customers of one chunk and counts it.
 *
 * <p>Nothing here creates a customer twice: a row creates under an id derived from (import, row),
 * conditioned on that id being free, so a chunk delivered again finds what its first delivery
 * created; a row whose email someone else claimed meanwhile (a concurrent import of the same
 * file) updates that customer; and a chunk is counted in the same write that marks it counted.
 */
public final class ImportService {
    /**
     * Largest file accepted in the request body: what one synchronous Lambda invocation takes. Lambda
     * takes at most 6 MB (6,291,456 bytes) of event, and API Gateway base64-encodes a binary body
     * such as XLSX (4/3 of its size), so 4.5 MB of file is 6,000,000 bytes of event, with room left
     * for the event's headers and context. API Gateway's own 10 MB limit never comes into play.
     */
    public static final int MAX_FILE_BYTES = 4_500_000;
    /** What the 413 problem of a larger body says to do instead. */
    public static final String LARGER_FILES = "a larger file (up to " + ImportUploads.MAX_UPLOAD_BYTES / (1024 * 1024)
            + " MB) goes through an upload: POST /v1/imports/uploads, PUT the file to its uploadUrl, then POST /v1/imports?uploadId=";
    /** Customers per queue message (a message also stays below {@link #CHUNK_BYTES}). */
    public static final int CHUNK_ROWS = 100;
    static final int CHUNK_BYTES = 96 * 1024;
    /** Failed rows listed on an import; more are counted in {@code failed} and {@code errorsOmitted}. */
    public static final int MAX_LISTED_ERRORS = 1000;
    /**
     * Deliveries of one message before the queue moves it to its dead-letter queue (the stack's
     * {@code QueueWithDlq.MAX_RECEIVE_COUNT}). On the last one, rows that still cannot be written
     * are reported as failed, so that the import finishes instead of waiting for ever.
     */
    public static final int DELIVERY_ATTEMPTS = 5;
    /** Rows of one chunk written at once. */
    static final int PARALLEL_ROWS = 8;

    private final ImportRepository repository;
    private final CustomerService customers;
    private final HubService hubs;
    private final Supplier<ImportQueue> queue;
    private final Quotas quotas;
    private final Clock clock;
    private ExecutorService rowWriters;

    /** @param queue built on first use: a dry run and the worker do not need it */
    public ImportService(ImportRepository repository, CustomerService customers, HubService hubs, Supplier<ImportQueue> queue,
            Quotas quotas, Clock clock) {
        this.repository = repository;
        this.customers = customers;
        this.hubs = hubs;
        this.queue = queue;
        this.quotas = quotas;
        this.clock = clock;
    }

    /**
     * Checks the whole file and starts the import, or only checks it ({@code dryRun}: nothing is
     * written but the import record, already done, with the counts the import would produce).
     *
     * Counts against the hub's {@link Quota#IMPORTS} before the file is parsed, dry runs included.
     *
     * @throws ValidationException (field {@code file}) when the file cannot be imported at all
     */
    public ImportJob start(String hubId, byte[] file, ImportFormat format, boolean dryRun) {
        quotas.take(hubId, Quota.IMPORTS);
        Hub hub = hubs.get(hubId);
        ImportPlan plan = ImportPlanner.plan(file, format, hub.fields());
        String id = ImportIds.newImportId();
        Instant now = clock.instant();
        if (dryRun) {
            ImportJob job = dryRun(hubId, hub, plan, id, format, now);
            repository.create(hubId, job);
            return job;
        }
        List<String> messages = messages(hubId, id, plan.units());
        List<RowError> errors = plan.errors();
        boolean nothingToQueue = messages.isEmpty();
        ImportJob job = new ImportJob(id, nothingToQueue ? JobStatus.DONE : JobStatus.QUEUED, false, format,
                plan.total(), errors.size(), 0, 0, errors.size(), listed(errors), omitted(errors), plan.ignoredColumns(),
                messages.size(), now, now, nothingToQueue ? now : null, null);
        repository.create(hubId, job);
        try {
            queue.get().send(messages);
        } catch (RuntimeException e) {
            repository.markFailed(hubId, id, "the rows could not all be queued, so some may not have been imported: import the"
                    + " file again (rows with an email update the customers imported now instead of duplicating them)",
                    clock.instant());
            throw e;
        }
        return job;
    }

    public ImportJob get(String hubId, String importId) {
        if (!ImportIds.looksLikeImportId(importId)) {
            throw new NotFoundException("no import " + dev.hubcrm.common.Ids.shorten(importId));
        }
        return repository.find(hubId, importId).orElseThrow(() -> new NotFoundException("no import " + importId));
    }

    /** What the worker did with one chunk. */
    public enum ChunkResult {
        COUNTED,
        /** Counted by an earlier delivery: nothing was counted again. */
        ALREADY_COUNTED,
        /** The import no longer exists: nothing was written. */
        IMPORT_GONE
    }

    /**
     * Creates or updates the customers of one chunk and counts it once.
     *
     * @param lastAttempt this is the queue's last delivery of the chunk: rows that cannot be written
     *     for a reason that might have passed (throttling, a customer changing all the time) are
     *     counted as failed instead of failing the chunk again
     * @throws RuntimeException when a row could not be written for such a reason; the chunk is to be
     *     delivered again, and its rows written so far are found, not duplicated
     */
    public ChunkResult process(ImportChunk chunk, boolean lastAttempt) {
        String hubId = chunk.hubId();
        Optional<ImportJob> job = repository.find(hubId, chunk.importId());
        if (job.isEmpty()) {
            return ChunkResult.IMPORT_GONE;
        }
        if (repository.chunkCounted(hubId, chunk.importId(), chunk.number())) {
            repository.finishIfComplete(hubId, chunk.importId(), clock.instant());
            return ChunkResult.ALREADY_COUNTED;
        }
        if (job.get().status() == JobStatus.QUEUED) {
            repository.markRunning(hubId, chunk.importId(), clock.instant());
        }
        Map<String, Customer> owners = customers.findByEmails(hubId,
                chunk.units().stream().map(unit -> unit.values().email()).filter(Objects::nonNull).toList());
        List<UnitResult> results = new ArrayList<>();
        List<ImportUnit> oneByOne = new ArrayList<>();
        Map<String, ImportUnit> fresh = new LinkedHashMap<>();
        List<Customer> newCustomers = new ArrayList<>();
        Hub hub = hubs.get(hubId);
        for (ImportUnit unit : chunk.units()) {
            if (owners.containsKey(unit.values().emailKey())) {
                oneByOne.add(unit);
                continue;
            }
            String id = ImportIds.customerId(chunk.importId(), unit.firstRow());
            try {
                newCustomers.add(customers.newCustomer(hub, id, unit.values()::over));
                fresh.put(id, unit);
            } catch (ValidationException e) {
                results.add(new UnitResult(unit, false, RowParser.message(e.errors())));
            }
        }
        Set<String> created = createAllIfAbsent(hubId, newCustomers);
        fresh.forEach((id, unit) -> {
            if (created.contains(id)) {
                results.add(new UnitResult(unit, true, null));
            } else {
                oneByOne.add(unit);
            }
        });
        results.addAll(runAll(oneByOne.stream()
                .<Callable<UnitResult>>map(unit -> () -> write(hubId, chunk.importId(), unit, owners, lastAttempt))
                .toList()));
        return count(chunk, results);
    }

    /**
     * The chunk's new customers in a few transactions. Whatever they leave out (an id an earlier
     * delivery created, an email someone claimed meanwhile, a write that failed) goes row by row
     * through {@link CustomerService#upsertByEmail}, which tells those cases apart and retries.
     */
    private Set<String> createAllIfAbsent(String hubId, List<Customer> newCustomers) {
        try {
            return customers.createAllIfAbsent(hubId, newCustomers);
        } catch (RuntimeException e) {
            return Set.of();
        }
    }

    private ChunkResult count(ImportChunk chunk, List<UnitResult> results) {
        String hubId = chunk.hubId();
        long created = 0;
        long updated = 0;
        long failed = 0;
        List<RowError> errors = new ArrayList<>();
        for (UnitResult result : results) {
            int rows = result.unit().rows().size();
            if (result.error() != null) {
                failed += rows;
                result.unit().rows().forEach(row -> errors.add(new RowError(row, result.error())));
            } else if (result.created()) {
                created++;
                updated += rows - 1;
            } else {
                updated += rows;
            }
        }
        ImportRepository.ChunkWrite write = repository.countChunk(hubId, chunk.importId(), chunk.number(),
                new ImportRepository.ChunkCounts(chunk.rows(), created, updated, failed, errors), clock.instant());
        repository.finishIfComplete(hubId, chunk.importId(), clock.instant());
        return write == ImportRepository.ChunkWrite.COUNTED ? ChunkResult.COUNTED : ChunkResult.ALREADY_COUNTED;
    }

    /** One unit written: created or updated, or failed with a reason. */
    private record UnitResult(ImportUnit unit, boolean created, String error) {
    }

    private UnitResult write(String hubId, String importId, ImportUnit unit, Map<String, Customer> owners, boolean lastAttempt) {
        ImportedCustomer values = unit.values();
        try {
            CustomerService.Upserted upserted = customers.upsertByEmail(hubId, values.email(),
                    ImportIds.customerId(importId, unit.firstRow()), Optional.ofNullable(owners.get(values.emailKey())), values::over);
            return new UnitResult(unit, upserted.created(), null);
        } catch (ValidationException e) {
            return new UnitResult(unit, false, RowParser.message(e.errors()));
        } catch (ConflictException e) {
            return new UnitResult(unit, false, e.error() == null ? e.getMessage() : RowParser.message(List.of(e.error())));
        } catch (RuntimeException e) {
            if (lastAttempt) {
                return new UnitResult(unit, false, "could not be written after " + DELIVERY_ATTEMPTS
                        + " attempts; nothing else is wrong with the row: import it again");
            }
            throw e;
        }
    }

    private List<UnitResult> runAll(List<Callable<UnitResult>> writes) {
        List<Future<UnitResult>> futures;
        try {
            futures = writers().invokeAll(writes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while importing rows", e);
        }
        List<UnitResult> results = new ArrayList<>();
        RuntimeException first = null;
        for (Future<UnitResult> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException(e.getCause());
                if (first == null) {
                    first = cause;
                } else {
                    first.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while importing rows", e);
            }
        }
        if (first != null) {
            throw first;
        }
        return results;
    }

    private synchronized ExecutorService writers() {
        if (rowWriters == null) {
            rowWriters = Executors.newFixedThreadPool(PARALLEL_ROWS, runnable -> {
                Thread thread = new Thread(runnable, "import-rows");
                thread.setDaemon(true);
                return thread;
            });
        }
        return rowWriters;
    }

    /** The counts the import would produce, found by reading the customers the file's emails name. */
    private ImportJob dryRun(String hubId, Hub hub, ImportPlan plan, String id, ImportFormat format, Instant now) {
        Map<String, Customer> owners = customers.findByEmails(hubId,
                plan.units().stream().map(unit -> unit.values().email()).filter(Objects::nonNull).toList());
        long created = 0;
        long updated = 0;
        List<RowError> errors = new ArrayList<>(plan.errors());
        for (ImportUnit unit : plan.units()) {
            Optional<Customer> owner = Optional.ofNullable(owners.get(unit.values().emailKey()));
            List<FieldError> problems = problems(hub, owner, unit.values());
            if (!problems.isEmpty()) {
                String message = RowParser.message(problems);
                unit.rows().forEach(row -> errors.add(new RowError(row, message)));
            } else if (owner.isEmpty()) {
                created++;
                updated += unit.rows().size() - 1;
            } else {
                updated += unit.rows().size();
            }
        }
        errors.sort((a, b) -> Integer.compare(a.row(), b.row()));
        return new ImportJob(id, JobStatus.DONE, true, format, plan.total(), plan.total(), created, updated,
                errors.size(), listed(errors), omitted(errors), plan.ignoredColumns(), 0, now, now, now, null);
    }

    /** What the worker's write would refuse: the rules of a create, or of an update of {@code owner}. */
    private static List<FieldError> problems(Hub hub, Optional<Customer> owner, ImportedCustomer values) {
        CustomerDraft base = owner.map(Customer::draft).orElse(ImportedCustomer.NEW_CUSTOMER);
        CustomerDraft draft;
        try {
            draft = CustomerRules.normalize(values.over(base));
        } catch (ValidationException e) {
            return e.errors();
        }
        return CustomFieldRules.check(draft.fields(), owner.map(Customer::fields).orElse(Map.of()), hub.fields());
    }

    /** The queue messages of an import: units in file order, up to {@link #CHUNK_ROWS} and {@link #CHUNK_BYTES} each. */
    static List<String> messages(String hubId, String importId, List<ImportUnit> units) {
        List<String> messages = new ArrayList<>();
        List<ImportUnit> chunk = new ArrayList<>();
        int bytes = 0;
        for (ImportUnit unit : units) {
            int size = ImportJson.unit(unit).toString().getBytes(StandardCharsets.UTF_8).length + 1;
            if (!chunk.isEmpty() && (chunk.size() == CHUNK_ROWS || bytes + size > CHUNK_BYTES)) {
                messages.add(ImportJson.message(new ImportChunk(hubId, importId, messages.size(), chunk)));
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(unit);
            bytes += size;
        }
        if (!chunk.isEmpty()) {
            messages.add(ImportJson.message(new ImportChunk(hubId, importId, messages.size(), chunk)));
        }
        return messages;
    }

    private static List<RowError> listed(List<RowError> errors) {
        return errors.subList(0, Math.min(errors.size(), MAX_LISTED_ERRORS));
    }

    private static long omitted(List<RowError> errors) {
        return Math.max(0, errors.size() - MAX_LISTED_ERRORS);
    }
}
