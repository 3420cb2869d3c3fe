package dev.hubcrm.quotas;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A named limit on an expensive operation: at most {@code limit} uses per hub (or per subject of a
 * hub, such as a customer) in each fixed window of {@code window}. Windows are aligned to the epoch
 * (an hourly window starts on the hour), so every function instance agrees on them without talking.
 *
 * <p>The defaults are sized for a small hub doing its work by hand or from its shop, with room for a
 * script: each is several times what a person does, and far below what would take the table's or
 * the functions' capacity from other hubs (README "Limits", ADR 14).
 */
public record Quota(String name, long limit, Duration window) {
    /** A file import (or dry run) parses up to 4.5 MB and queues every row: 20 an hour is an import every 3 minutes. */
    public static final Quota IMPORTS = new Quota("imports", 20, Duration.ofHours(1));
    /** Each upload URL lets a hub put up to 50 MB in the bucket; as many as imports. */
    public static final Quota IMPORT_UPLOADS = new Quota("import-uploads", 20, Duration.ofHours(1));
    /** An export job reads every matching customer and writes a file: 20 an hour. */
    public static final Quota EXPORTS = new Quota("exports", 20, Duration.ofHours(1));
    /** A preview reads every customer of the hub; an editor previews as the rule is typed: one a second. */
    public static final Quota SEGMENT_PREVIEWS = new Quota("segment-previews", 60, Duration.ofMinutes(1));
    /** A bulk change writes up to 1,000 customers: 60 a minute is 60,000 customer writes. */
    public static final Quota BULK_CHANGES = new Quota("bulk-changes", 60, Duration.ofMinutes(1));
    /**
     * Per customer: each portal top-up creates a Stripe Checkout Session. Five in ten minutes allows a
     * cancelled payment and a retry or two, and stops a leaked link from flooding Stripe.
     */
    public static final Quota PORTAL_TOP_UPS = new Quota("portal-top-ups", 5, Duration.ofMinutes(10));
    /** A send snapshots a whole segment and mails every member: 10 an hour is more than any hub's newsletter plan. */
    public static final Quota CAMPAIGN_SENDS = new Quota("campaign-sends", 10, Duration.ofHours(1));
    /** Each test mail goes out at once through the shared sending rate: 30 an hour is a test every 2 minutes. */
    public static final Quota CAMPAIGN_TEST_MAILS = new Quota("campaign-test-mails", 30, Duration.ofHours(1));

    /**
     * Each sender identity is an SES identity of the shared account (an address one also gets SES's
     * verification mail): 10 a day is a typo fixed many times over, not a way to mail strangers.
     */
    public static final Quota SENDER_IDENTITIES = new Quota("sender-identities", 10, Duration.ofDays(1));
    /**
     * Reading a sender's status from SES takes from the account's SES API rate, shared by every hub:
     * past 6 a minute, {@code GET /v1/hub/sender} answers the status last read instead of asking SES.
     */
    public static final Quota SENDER_CHECKS = new Quota("sender-checks", 6, Duration.ofMinutes(1));

    public Quota {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.contains("#")) {
            throw new IllegalArgumentException("a quota name is a non-blank word without '#': " + name);
        }
        if (limit < 1 || window.toSeconds() < 1) {
            throw new IllegalArgumentException("a quota allows at least 1 use in a window of at least a second: " + this);
        }
    }

    /** The window {@code at} falls in. */
    public Window windowAt(Instant at) {
        long seconds = window.toSeconds();
        long index = Math.floorDiv(at.getEpochSecond(), seconds);
        return new Window(index, Instant.ofEpochSecond((index + 1) * seconds));
    }

    /** One window of a quota: its number since the epoch and the instant it ends (exclusive). */
    public record Window(long index, Instant end) {
        /** Whole seconds from {@code now} until the window ends, at least 1: what {@code Retry-After} says. */
        public long secondsLeft(Instant now) {
            long millis = Duration.between(now, end).toMillis();
            return Math.max(1, Math.ceilDiv(millis, 1000));
        }
    }
}
