package dev.hubcrm.campaigns;

import dev.hubcrm.common.SignedTokens;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One-click unsubscribe links (RFC 8058): a signed token per recipient naming hub, campaign and
 * customer, signed like portal links (same key, a payload of another shape). They do not expire:
 * an unsubscribe link must work whenever the mail is read.
 */
public final class UnsubscribeLinks {
    /** The public routes {@code GET/POST /u/{token}}, under the API's public base URL. */
    public static final String PATH = "/u/";
    private static final String PURPOSE = "u";

    /** Who a valid token unsubscribes, and from which campaign's mail. */
    public record Recipient(String hubId, String campaignId, String customerId) {
    }

    private final SignedTokens tokens;
    private final Supplier<String> baseUrl;

    public UnsubscribeLinks(Supplier<String> secret, Supplier<String> baseUrl) {
        this.tokens = new SignedTokens(secret);
        this.baseUrl = baseUrl;
    }

    public String url(String hubId, String campaignId, String customerId) {
        return baseUrl.get() + PATH + tokens.sign(String.join(".", PURPOSE, hubId, campaignId, customerId));
    }

    public Optional<Recipient> verify(String token) {
        return tokens.verify(token).map(payload -> payload.split("\\."))
                .filter(parts -> parts.length == 4 && parts[0].equals(PURPOSE))
                .map(parts -> new Recipient(parts[1], parts[2], parts[3]));
    }
}
