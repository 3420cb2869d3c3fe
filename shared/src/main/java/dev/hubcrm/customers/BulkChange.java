package dev.hubcrm.customers;

import java.util.List;

/** What {@code POST /v1/customers/bulk} does to each customer: tags to add and remove, a status to set (and pin). */
public record BulkChange(List<String> ids, List<String> addTags, List<String> removeTags, CustomerStatus status) {
}
