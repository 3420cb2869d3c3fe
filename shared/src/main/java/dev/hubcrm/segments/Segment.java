package dev.hubcrm.segments;

import java.time.Instant;

/**
 * A saved segment of one hub. {@code generation} counts rule changes: the membership of a segment
 * is rebuilt (backfilled) for each generation, and {@code status} says whether that is done.
 *
 * @param ruleJson the rule as the hub wrote it (valid: it parsed), kept to show it back and to parse again
 * @param processed customers evaluated so far by the backfill of this generation
 */
public record Segment(String id, String name, String ruleJson, Status status, long generation, long processed,
        Instant createdAt, Instant updatedAt, long version) {

    public enum Status {
        BUILDING, READY;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** This segment renamed and/or with another rule; a new rule starts a new generation and its backfill. */
    public Segment with(String newName, String newRuleJson, Instant now) {
        boolean ruleChanged = !ruleJson.equals(newRuleJson);
        return new Segment(id, newName, newRuleJson, ruleChanged ? Status.BUILDING : status,
                ruleChanged ? generation + 1 : generation, ruleChanged ? 0 : processed, createdAt, now, version + 1);
    }
}
