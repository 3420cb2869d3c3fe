package dev.hubcrm.customers;

/** How many orders a customer placed and what they spent over a period (minor units). */
public record OrderWindow(long orders, long spent) {
}
