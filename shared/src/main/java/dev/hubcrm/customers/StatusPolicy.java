package dev.hubcrm.customers;

import dev.hubcrm.hubs.StatusRules;
import java.time.Instant;
import java.util.Optional;

/**
 * The hub's status rules applied to a customer's facts. Pure. Rules only promote (lead → customer
 * on the first order or wallet top-up, → VIP); a pinned status never moves; a hub or a person demotes by hand.
 */
public final class StatusPolicy {
    public static final String LEAD_TO_CUSTOMER = "rule:leadToCustomer";
    public static final String VIP = "rule:vip";

    private StatusPolicy() {
    }

    /**
     * The move the rules make now, if any.
     *
     * @param window the orders within the VIP rule's window (all time when it has none)
     */
    public static Optional<StatusChange> evaluate(Customer customer, StatusRules rules, OrderWindow window, Instant now) {
        if (customer.statusPinned()) {
            return Optional.empty();
        }
        StatusRules.VipRule vip = rules.vip();
        boolean vipReached = vip.enabled()
                && (vip.minTotalSpent() != null && window.spent() >= vip.minTotalSpent()
                || vip.minOrderCount() != null && window.orders() >= vip.minOrderCount());
        if (vipReached && customer.status() != CustomerStatus.VIP) {
            return Optional.of(new StatusChange(customer.status(), CustomerStatus.VIP, VIP, now));
        }
        if (rules.leadToCustomer() && customer.status() == CustomerStatus.LEAD
                && (customer.orderCount() > 0 || customer.lastTopUpAt() != null)) {
            return Optional.of(new StatusChange(customer.status(), CustomerStatus.CUSTOMER, LEAD_TO_CUSTOMER, now));
        }
        return Optional.empty();
    }
}
