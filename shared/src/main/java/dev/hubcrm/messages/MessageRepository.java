package dev.hubcrm.messages;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;

/** The message history of a hub's customers. */
public interface MessageRepository {
    void record(String hubId, Message message);

    /** A customer's messages, newest first. */
    Page<Message> list(String hubId, String customerId, PageRequest page);

    /** The delivery events of a customer's mail, newest first by when they happened. */
    Page<MailEvent> events(String hubId, String customerId, PageRequest page);
}
