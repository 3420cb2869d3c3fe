package dev.hubcrm.imports;

import java.util.List;

/** Where the API leaves an import's chunks for the worker (SQS in AWS, ElasticMQ locally). */
public interface ImportQueue {
    /** Sends every message, or throws; a message may be sent even when the call throws. */
    void send(List<String> messages);
}
