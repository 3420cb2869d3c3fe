package dev.hubcrm.mail;

import dev.hubcrm.common.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The mail of the local server: kept in memory, oldest first, and shown at {@code GET /_local/outbox}. */
public final class LocalOutbox implements Mailer {
    /** A sent message with the id and time the outbox gave it. */
    public record Sent(String id, MailMessage message, Instant sentAt) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private final Clock clock;

    public LocalOutbox(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized String send(MailMessage message) {
        String id = Ids.newId("msg");
        sent.add(new Sent(id, message, clock.instant()));
        return id;
    }

    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }
}
