package dev.hubcrm.hubs;

/**
 * How customers move Lead → Customer → VIP, per hub. The automatic lead → customer move is on by
 * default; VIP is off until the hub sets a threshold: total spent or order count within a window.
 *
 * @param leadToCustomer whether the first order makes a lead a customer
 * @param vip the VIP rule; {@link VipRule#OFF} when the hub has none
 */
public record StatusRules(boolean leadToCustomer, VipRule vip) {
    public static final StatusRules DEFAULT = new StatusRules(true, VipRule.OFF);

    /**
     * VIP when, over the last {@code withinDays} days (all time when null), the customer spent at
     * least {@code minTotalSpent} (minor units) or placed at least {@code minOrderCount} orders;
     * a null threshold is not checked.
     */
    public record VipRule(boolean enabled, Long minTotalSpent, Integer minOrderCount, Integer withinDays) {
        public static final VipRule OFF = new VipRule(false, null, null, null);
    }
}
