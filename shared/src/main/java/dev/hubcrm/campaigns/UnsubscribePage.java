package dev.hubcrm.campaigns;

import static dev.hubcrm.wallet.PortalPage.escape;

import java.util.Map;

/**
 * The pages of {@code /u/{token}}: a confirmation with one button (a mail client's one-click POST
 * needs none), and what the customer sees after. Plain, accessible HTML, no script, and headers that
 * keep the page (and its token) out of caches, frames and Referer headers.
 */
public final class UnsubscribePage {
    public static final String CONTENT_TYPE = "text/html; charset=utf-8";
    /** The page loads nothing and posts only to itself. */
    public static final Map<String, String> HEADERS = Map.of(
            "Cache-Control", "no-store",
            "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            "Referrer-Policy", "no-referrer",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY");

    private UnsubscribePage() {
    }

    public static String confirm(String hubName, String action) {
        return page("Unsubscribe from " + escape(hubName), """
                <p>You will no longer receive news and offers from %1$s by email. Service mail (such as wallet reminders) still reaches you.</p>
                <form method="post" action="%2$s">
                <input type="hidden" name="List-Unsubscribe" value="One-Click">
                <button type="submit">Unsubscribe</button>
                </form>
                """.formatted(escape(hubName), escape(action)));
    }

    public static String done(String hubName) {
        return page("You are unsubscribed", "<p>%s will no longer send you news and offers by email.</p>\n".formatted(escape(hubName)));
    }

    private static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%1$s</title>
                <style>body{font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}
                button{font:inherit;padding:.5rem 1rem}</style></head>
                <body><main>
                <h1>%1$s</h1>
                %2$s</main></body></html>
                """.formatted(title, body);
    }
}
