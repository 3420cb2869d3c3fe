package dev.hubcrm.wallet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The portal as a plain, accessible HTML page: balance, payments, and a form to top up. */
public final class PortalPage {
    /** Where Stripe Checkout pages are: the portal's top-up form ends there. */
    private static final String STRIPE_CHECKOUT = "https://checkout.stripe.com";
    private static final String STYLE = """
            body{font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}
            table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #ccc}
            .amount{text-align:right}""";

    /**
     * The headers of every portal answer. The link is a secret: no cache keeps the page, no
     * Referer carries it away, no other site frames it. The page loads nothing: its one style
     * sheet is allowed by its hash, and its form posts only here; the 303 after it goes to
     * Stripe Checkout, which browsers also check against {@code form-action}.
     */
    public static final Map<String, String> HEADERS = Map.of(
            "Cache-Control", "no-store",
            "Content-Security-Policy", "default-src 'none'; style-src '" + sha256(STYLE) + "'; form-action 'self' "
                    + STRIPE_CHECKOUT + "; frame-ancestors 'none'; base-uri 'none'",
            "Referrer-Policy", "no-referrer",
            "X-Content-Type-Options", "nosniff");

    private PortalPage() {
    }

    private static String sha256(String text) {
        try {
            return "sha256-" + Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public static String html(WalletService.PortalView view, String topUpAction) {
        return html(view.hubName(), view.wallet(), view.entries(), topUpAction);
    }

    private static String html(String hubName, Wallet wallet, List<LedgerEntry> entries, String topUpAction) {
        StringBuilder rows = new StringBuilder();
        for (LedgerEntry entry : entries) {
            rows.append("<tr><td>").append(escape(entry.createdAt().toString().substring(0, 10))).append("</td><td>")
                    .append(escape(entry.type().wire())).append("</td><td>")
                    .append(escape(entry.orderRef() == null ? (entry.reason() == null ? "" : entry.reason()) : entry.orderRef()))
                    .append("</td><td class=\"amount\">").append(escape(LowBalanceReminders.money(entry.amount(), wallet.currency())))
                    .append("</td></tr>\n");
        }
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Your wallet at %1$s</title>
                <style>%8$s</style></head>
                <body><main>
                <h1>Your wallet at %1$s</h1>
                <p>Balance: <strong>%2$s</strong></p>
                <h2 id="top-up">Top up</h2>
                <form method="post" action="%3$s" aria-labelledby="top-up">
                <label for="amount">Amount in %4$s minor units (for example 2000 for 20.00)</label>
                <input id="amount" name="amount" type="number" inputmode="numeric" min="%5$d" max="%6$d" step="1" value="2000" required>
                <button type="submit">Pay by card</button>
                </form>
                <h2>Payments and purchases</h2>
                <table><caption>Latest movements, newest first</caption>
                <thead><tr><th scope="col">Date</th><th scope="col">Type</th><th scope="col">Reference</th><th scope="col" class="amount">Amount</th></tr></thead>
                <tbody>
                %7$s</tbody></table>
                </main></body></html>
                """.formatted(escape(hubName), escape(LowBalanceReminders.money(wallet.balance(), wallet.currency())),
                escape(topUpAction), escape(wallet.currency().toUpperCase(Locale.ROOT)), WalletService.MIN_TOP_UP,
                WalletService.MAX_TOP_UP, rows, STYLE);
    }

    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
