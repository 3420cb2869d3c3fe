package dev.hubcrm.messages;

import dev.hubcrm.common.Ids;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.customers.CustomerService;
import java.time.Instant;

/** What was sent to each customer: written by whatever sends (reminders, campaigns), read per customer. */
public final class MessageHistory {
    private final MessageRepository repository;
    private final CustomerService customers;

    public MessageHistory(MessageRepository repository, CustomerService customers) {
        this.repository = repository;
        this.customers = customers;
    }

    /** Records an email that the mail provider accepted under {@code providerMessageId}. */
    public Message emailSent(String hubId, String customerId, String template, String subject, String providerMessageId,
            Instant sentAt) {
        Message message = new Message(Ids.newId(Message.ID_PREFIX), customerId, Message.EMAIL, template, subject,
                providerMessageId, Message.SENT, sentAt, null);
        repository.record(hubId, message);
        return message;
    }

    /** The customer's messages, newest first; an unknown customer is a NotFoundException. */
    public Page<Message> of(String hubId, String customerId, PageRequest page) {
        customers.get(hubId, customerId);
        return repository.list(hubId, customerId, page);
    }
}
