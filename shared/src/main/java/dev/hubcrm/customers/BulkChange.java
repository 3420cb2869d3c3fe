package dev.hubcrm.customers;

import java.util.List;

/**
 * What {@code POST /v1/customers/bulk} does to each customer: tags to add and remove, a status to set (and pin).
 *
 * @param segmentId the segment whose members {@code ids} are, when the request named one (then none is fine: an empty segment)
 */
public record BulkChange(List<String> ids, List<String> addTags, List<String> removeTags, CustomerStatus status, String segmentId) {
    public BulkChange(List<String> ids, List<String> addTags, List<String> removeTags, CustomerStatus status) {
        this(ids, addTags, removeTags, status, null);
    }
}
