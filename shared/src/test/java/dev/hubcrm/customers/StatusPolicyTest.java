package dev.hubcrm.customers;

import static dev.hubcrm.customers.TestCustomers.customer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.hubs.StatusRules;
import dev.hubcrm.hubs.StatusRules.VipRule;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The hub's status rules applied to a customer's facts: promotions only, never a pinned status. */
class StatusPolicyTest {
    private static final Instant NOW = Instant.parse("2025-03-01T09:00:00Z");
    private static final OrderWindow NOTHING = new OrderWindow(0, 0);

    private static StatusRules rules(boolean leadToCustomer, VipRule vip) {
        return new StatusRules(leadToCustomer, vip);
    }

    private static VipRule spent(long minTotalSpent, Integer withinDays) {
        return new VipRule(true, minTotalSpent, null, withinDays);
    }

    private static VipRule orders(int minOrderCount, Integer withinDays) {
        return new VipRule(true, null, minOrderCount, withinDays);
    }

    private static Optional<StatusChange> evaluate(Customer customer, StatusRules rules, OrderWindow window) {
        return StatusPolicy.evaluate(customer, rules, window, NOW);
    }

    private static void assertMove(Optional<StatusChange> change, CustomerStatus from, CustomerStatus to, String cause) {
        assertThat(change).contains(new StatusChange(from, to, cause, NOW));
    }

    // ---- lead → customer ----

    @Test
    void theFirstOrderMakesALeadACustomerWhenTheRuleIsOn() {
        Customer lead = customer().orders(1, 2500).build();
        assertMove(evaluate(lead, StatusRules.DEFAULT, new OrderWindow(1, 2500)),
                CustomerStatus.LEAD, CustomerStatus.CUSTOMER, StatusPolicy.LEAD_TO_CUSTOMER);
        assertThat(StatusPolicy.LEAD_TO_CUSTOMER).isEqualTo("rule:leadToCustomer");
    }

    @Test
    void aLeadWithoutOrdersStaysALead() {
        assertThat(evaluate(customer().build(), StatusRules.DEFAULT, NOTHING)).isEmpty();
    }

    @Test
    void withLeadToCustomerOffALeadWithOrdersStaysALead() {
        Customer lead = customer().orders(3, 9000).build();
        assertThat(evaluate(lead, rules(false, VipRule.OFF), new OrderWindow(3, 9000))).isEmpty();
        assertThat(evaluate(lead, rules(false, spent(10_000, null)), new OrderWindow(3, 9000)))
                .as("below the VIP threshold too").isEmpty();
    }

    // ---- VIP ----

    @Test
    void vipByTotalSpentWithinTheWindow() {
        Customer regular = customer().status(CustomerStatus.CUSTOMER).orders(5, 50_000).build();
        StatusRules vip = rules(true, spent(10_000, 30));
        assertThat(evaluate(regular, vip, new OrderWindow(4, 9_999))).as("one cent short in the window").isEmpty();
        assertMove(evaluate(regular, vip, new OrderWindow(1, 10_000)), CustomerStatus.CUSTOMER, CustomerStatus.VIP, StatusPolicy.VIP);
        assertThat(StatusPolicy.VIP).isEqualTo("rule:vip");
    }

    @Test
    void vipByOrderCountWithinTheWindow() {
        Customer regular = customer().status(CustomerStatus.CUSTOMER).orders(9, 900).build();
        StatusRules vip = rules(true, orders(5, 365));
        assertThat(evaluate(regular, vip, new OrderWindow(4, 1_000_000_000))).as("spending is not checked without minTotalSpent")
                .isEmpty();
        assertMove(evaluate(regular, vip, new OrderWindow(5, 0)), CustomerStatus.CUSTOMER, CustomerStatus.VIP, StatusPolicy.VIP);
    }

    @Test
    void withBothThresholdsEitherOneIsEnough() {
        Customer regular = customer().status(CustomerStatus.CUSTOMER).orders(9, 90_000).build();
        StatusRules vip = rules(true, new VipRule(true, 10_000L, 5, 30));
        assertThat(evaluate(regular, vip, new OrderWindow(4, 9_999))).isEmpty();
        assertMove(evaluate(regular, vip, new OrderWindow(5, 1)), CustomerStatus.CUSTOMER, CustomerStatus.VIP, StatusPolicy.VIP);
        assertMove(evaluate(regular, vip, new OrderWindow(1, 10_000)), CustomerStatus.CUSTOMER, CustomerStatus.VIP, StatusPolicy.VIP);
    }

    @Test
    void theWindowDecidesNotTheAllTimeFacts() {
        Customer bigSpenderLongAgo = customer().status(CustomerStatus.CUSTOMER).orders(50, 1_000_000).build();
        assertThat(evaluate(bigSpenderLongAgo, rules(true, spent(10_000, 30)), new OrderWindow(1, 500))).isEmpty();
    }

    @Test
    void aLeadReachingVipOnItsFirstOrderGoesStraightToVip() {
        Customer lead = customer().orders(1, 20_000).build();
        assertMove(evaluate(lead, rules(true, spent(10_000, null)), new OrderWindow(1, 20_000)),
                CustomerStatus.LEAD, CustomerStatus.VIP, StatusPolicy.VIP);
    }

    @Test
    void aLeadBecomesVipEvenWhenLeadToCustomerIsOff() {
        Customer lead = customer().orders(2, 20_000).build();
        assertMove(evaluate(lead, rules(false, spent(10_000, 30)), new OrderWindow(2, 20_000)),
                CustomerStatus.LEAD, CustomerStatus.VIP, StatusPolicy.VIP);
        assertMove(evaluate(lead, rules(false, orders(2, null)), new OrderWindow(2, 20_000)),
                CustomerStatus.LEAD, CustomerStatus.VIP, StatusPolicy.VIP);
    }

    @Test
    void aVipStaysVipWithoutAnotherChange() {
        Customer vip = customer().status(CustomerStatus.VIP).orders(9, 90_000).build();
        assertThat(evaluate(vip, rules(true, spent(10_000, 30)), new OrderWindow(9, 90_000))).isEmpty();
    }

    @Test
    void aDisabledVipRuleDoesNothing() {
        VipRule off = new VipRule(false, 1L, 1, null);
        OrderWindow huge = new OrderWindow(1_000, 1_000_000_000);
        Customer regular = customer().status(CustomerStatus.CUSTOMER).orders(1_000, 1_000_000_000).build();
        assertThat(evaluate(regular, rules(true, off), huge)).isEmpty();
        assertThat(evaluate(regular, rules(true, VipRule.OFF), huge)).isEmpty();

        Customer lead = customer().orders(1_000, 1_000_000_000).build();
        assertMove(evaluate(lead, rules(true, off), huge), CustomerStatus.LEAD, CustomerStatus.CUSTOMER, StatusPolicy.LEAD_TO_CUSTOMER);
        assertThat(evaluate(lead, rules(false, off), huge)).as("both rules off").isEmpty();
    }

    // ---- what rules never do ----

    @Test
    void aPinnedStatusNeverMoves() {
        StatusRules everything = rules(true, new VipRule(true, 1L, 1, null));
        OrderWindow huge = new OrderWindow(100, 10_000_000);
        for (CustomerStatus status : CustomerStatus.values()) {
            Customer pinned = customer().status(status).pinned(true).orders(100, 10_000_000).build();
            assertThat(evaluate(pinned, everything, huge)).as("pinned %s", status).isEmpty();
            assertThat(evaluate(pinned, StatusRules.DEFAULT, huge)).as("pinned %s", status).isEmpty();
        }
    }

    @Test
    void rulesNeverDemote() {
        StatusRules vipRule = rules(true, spent(10_000, 30));
        Customer vip = customer().status(CustomerStatus.VIP).orders(1, 100).build();
        assertThat(evaluate(vip, vipRule, new OrderWindow(0, 0))).as("a VIP below the threshold").isEmpty();
        assertThat(evaluate(vip, StatusRules.DEFAULT, new OrderWindow(1, 100))).as("a VIP when the VIP rule is off").isEmpty();

        Customer customerWithoutOrders = customer().status(CustomerStatus.CUSTOMER).build();
        assertThat(evaluate(customerWithoutOrders, vipRule, NOTHING)).as("a customer without orders is not made a lead").isEmpty();
        Customer vipWithoutOrders = customer().status(CustomerStatus.VIP).build();
        assertThat(evaluate(vipWithoutOrders, vipRule, NOTHING)).isEmpty();
    }
}
