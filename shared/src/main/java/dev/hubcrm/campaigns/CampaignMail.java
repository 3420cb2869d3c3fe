package dev.hubcrm.campaigns;

import dev.hubcrm.customers.Customer;
import dev.hubcrm.hubs.Hub;
import dev.hubcrm.mail.MailMessage;
import dev.hubcrm.mail.Mailer;
import dev.hubcrm.wallet.LowBalanceReminders;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How a campaign becomes one mail: the template values of a customer, the unsubscribe link signed
 * for that recipient, and the RFC 8058 headers every campaign mail carries. Mail goes out from the
 * platform's sender with the hub's name (and {@code Reply-To} the hub's address when it set one)
 * until hubs have verified sender identities of their own.
 */
public final class CampaignMail {
    /** A test mail's unsubscribe link: a token that verifies for nobody (a 404 that changes nothing). */
    static final String TEST_TOKEN = "test";

    private final Mailer mailer;
    private final UnsubscribeLinks links;
    private final String mailFrom;
    private final Supplier<String> baseUrl;

    public CampaignMail(Mailer mailer, UnsubscribeLinks links, String mailFrom, Supplier<String> baseUrl) {
        this.mailer = mailer;
        this.links = links;
        this.mailFrom = mailFrom;
        this.baseUrl = baseUrl;
    }

    public UnsubscribeLinks links() {
        return links;
    }

    /** The campaign rendered for {@code customer}, with the customer's own unsubscribe link. */
    public CampaignTemplates.Rendered render(Hub hub, Campaign campaign, Customer customer) {
        return render(hub, campaign, customer, links.url(hub.id(), campaign.id(), customer.id()));
    }

    /** Sends the campaign to {@code customer}'s address, rendered for them; answers the mail provider's message id. */
    public Sent send(Hub hub, Campaign campaign, Customer customer) {
        String unsubscribeUrl = links.url(hub.id(), campaign.id(), customer.id());
        CampaignTemplates.Rendered rendered = render(hub, campaign, customer, unsubscribeUrl);
        return new Sent(send(hub, customer.email(), rendered, unsubscribeUrl, CampaignMailEvents.tags(hub.id())),
                rendered.subject());
    }

    /** A campaign mail the provider took: its message id, and the subject as the customer got it. */
    public record Sent(String messageId, String subject) {
    }

    private CampaignTemplates.Rendered render(Hub hub, Campaign campaign, Customer customer, String unsubscribeUrl) {
        return CampaignTemplates.render(CampaignService.compiled(campaign), values(hub, customer, unsubscribeUrl));
    }

    /** The template values: a customer's names, custom fields and balance, and the unsubscribe link; null customer: only the link. */
    Map<String, Object> values(Hub hub, Customer customer, String unsubscribeUrl) {
        Map<String, Object> values = new HashMap<>();
        values.put("unsubscribeUrl", unsubscribeUrl);
        if (customer != null) {
            putIfPresent(values, "firstName", customer.firstName());
            putIfPresent(values, "lastName", customer.lastName());
            Map<String, Object> fields = new HashMap<>();
            customer.fields().forEach((name, value) -> fields.put(name, String.valueOf(value)));
            values.put("fields", fields);
            values.put("balance", LowBalanceReminders.money(customer.balance(), hub.currency()));
        }
        return values;
    }

    String testUnsubscribeUrl() {
        return baseUrl.get() + UnsubscribeLinks.PATH + TEST_TOKEN;
    }

    /** Sends one rendered mail with the unsubscribe headers and no tags (its events are not recorded); answers the mail provider's message id. */
    public String send(Hub hub, String to, CampaignTemplates.Rendered rendered, String unsubscribeUrl) {
        return send(hub, to, rendered, unsubscribeUrl, Map.of());
    }

    private String send(Hub hub, String to, CampaignTemplates.Rendered rendered, String unsubscribeUrl, Map<String, String> tags) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("List-Unsubscribe", "<" + unsubscribeUrl + ">");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        if (hub.senderEmail() != null) {
            headers.put("Reply-To", hub.senderEmail());
        }
        return mailer.send(new MailMessage(displayName(hub.name()) + " <" + mailFrom + ">", List.of(to), rendered.subject(),
                rendered.text(), rendered.html(), headers, tags));
    }

    /** The hub's name as an RFC 5322 quoted display name: no quotes, backslashes or line breaks of its own. */
    static String displayName(String name) {
        return "\"" + name.replaceAll("[\"\\\\\\p{Cntrl}]", " ").strip() + "\"";
    }

    private static void putIfPresent(Map<String, Object> values, String name, String value) {
        if (value != null) {
            values.put(name, value);
        }
    }
}
