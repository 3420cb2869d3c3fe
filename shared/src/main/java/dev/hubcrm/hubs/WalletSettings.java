package dev.hubcrm.hubs;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * How a hub runs its customers' prepaid wallets ({@code PATCH /v1/hub} → {@code wallet}).
 *
 * @param floor the lowest balance a debit may leave, in minor units (0, or negative to allow credit)
 * @param creditOnly the wallet is the only way to pay at this hub: a refused charge blocks the order
 *     (told to the shop in the 402); it does not move the floor
 * @param lowBalanceThreshold customers whose balance is below this get reminders; null: no reminders
 * @param reminderEveryDays at most one reminder per customer within this many days
 * @param stripeAccountId the hub's connected Stripe account ({@code acct_...}) that top-ups are paid
 *     to; null: the platform's own account
 * @param topUpReturnUrl where Stripe Checkout sends the customer back after a top-up (paid or
 *     cancelled), e.g. the hub's shop: an absolute {@code https://} URL; null: the customer's portal
 */
public record WalletSettings(long floor, boolean creditOnly, Long lowBalanceThreshold, int reminderEveryDays,
        String stripeAccountId, String topUpReturnUrl) {
    public static final int DEFAULT_REMINDER_EVERY_DAYS = 7;
    public static final WalletSettings DEFAULT = new WalletSettings(0, false, null, DEFAULT_REMINDER_EVERY_DAYS, null, null);
    /** The longest {@link #topUpReturnUrl} accepted, checked before the URL is parsed. */
    public static final int MAX_RETURN_URL_LENGTH = 2_000;

    /** Settings whose top-ups return to the customer's portal. */
    public WalletSettings(long floor, boolean creditOnly, Long lowBalanceThreshold, int reminderEveryDays, String stripeAccountId) {
        this(floor, creditOnly, lowBalanceThreshold, reminderEveryDays, stripeAccountId, null);
    }

    /** Stripe's connected account ids: {@code acct_} and an alphanumeric id. */
    public static final Pattern STRIPE_ACCOUNT_ID = Pattern.compile("acct_[A-Za-z0-9]{1,64}");

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern TOP_LABEL = Pattern.compile("[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern PORT = Pattern.compile(":[0-9]{1,5}");
    /** The characters of a path, query and fragment ({@code %} only before two hex digits, checked apart). */
    private static final Pattern URL_TAIL = Pattern.compile("[/?#][A-Za-z0-9._~!$&'()*+,;=:@/?#%-]*");
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]{2}");

    /**
     * Whether {@code url} may be a {@link #topUpReturnUrl}: at most {@link #MAX_RETURN_URL_LENGTH}
     * characters (checked before anything else reads it); {@code https://}, a host name (dot-separated
     * labels, the last one starting with a letter), an optional port, then path, query and fragment of
     * URL characters, at most one {@code #}, {@code %} only as an escape; and {@link URI} parses it with
     * that host and no user-info. The OpenAPI document's pattern for the field says the same; this is
     * not one regular expression because Java's would recurse once per character of a long URL.
     */
    public static boolean isValidReturnUrl(String url) {
        if (url == null || url.length() > MAX_RETURN_URL_LENGTH || !url.startsWith("https://")) {
            return false;
        }
        int hostEnd = "https://".length();
        while (hostEnd < url.length() && ":/?#".indexOf(url.charAt(hostEnd)) < 0) {
            hostEnd++;
        }
        String[] labels = url.substring("https://".length(), hostEnd).split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            if (!(i == labels.length - 1 ? TOP_LABEL : LABEL).matcher(labels[i]).matches()) {
                return false;
            }
        }
        int tail = hostEnd;
        if (tail < url.length() && url.charAt(tail) == ':') {
            tail = url.indexOf('/', tail) < 0 ? url.length() : url.indexOf('/', tail);
            for (char stop : new char[] {'?', '#'}) {
                int at = url.indexOf(stop, hostEnd);
                tail = at >= 0 && at < tail ? at : tail;
            }
            if (!PORT.matcher(url.substring(hostEnd, tail)).matches()) {
                return false;
            }
        }
        String rest = url.substring(tail);
        if (!rest.isEmpty() && (!URL_TAIL.matcher(rest).matches() || rest.indexOf('#') != rest.lastIndexOf('#'))) {
            return false;
        }
        for (int percent = rest.indexOf('%'); percent >= 0; percent = rest.indexOf('%', percent + 1)) {
            if (percent + 3 > rest.length() || !HEX.matcher(rest.substring(percent + 1, percent + 3)).matches()) {
                return false;
            }
        }
        try {
            URI uri = new URI(url);
            return "https".equals(uri.getScheme()) && uri.getHost() != null && uri.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
