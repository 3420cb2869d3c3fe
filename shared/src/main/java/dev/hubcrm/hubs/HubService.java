package dev.hubcrm.hubs;

import dev.hubcrm.campaigns.Campaign;
import dev.hubcrm.common.Backoff;
import dev.hubcrm.common.ConflictException;
import dev.hubcrm.common.ContentionException;
import dev.hubcrm.common.Emails;
import dev.hubcrm.common.FieldError;
import dev.hubcrm.common.Ids;
import dev.hubcrm.common.NotFoundException;
import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.Text;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.customers.CustomerRules;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** Hubs, their settings and their API keys. */
public final class HubService {
    public static final int MAX_ACTIVE_KEYS = 10;
    private static final int MAX_NAME_LENGTH = 100;
    private static final int WRITE_ATTEMPTS = 5;
    private static final int MAX_FIELD_DEFINITIONS = 50;
    /** Each rule is checked for every opened and clicked event of the hub's mail: a short list. */
    public static final int MAX_ENGAGEMENT_RULES = 20;
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private final HubRepository repository;
    private final Clock clock;

    public HubService(HubRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** A new hub and its first API key, whose secret is returned this once. */
    public record CreatedHub(Hub hub, IssuedKey key) {
    }

    public CreatedHub create(NewHub request) {
        List<FieldError> errors = new ArrayList<>();
        String name = validName(request.name(), errors);
        String currency = Text.blankToNull(request.currency());
        if (currency == null || !validCurrency(currency)) {
            errors.add(new FieldError("currency", "must be an ISO 4217 code such as EUR"));
        }
        String timezone = validTimezone(request.timezone() == null ? "UTC" : request.timezone(), errors);
        throwIfAny(errors);
        Instant now = clock.instant();
        String hubId = Ids.newId("hub");
        IssuedKey key = ApiKeys.issue(hubId, "first key", now);
        Hub hub = new Hub(hubId, name, currency, timezone, null, StatusRules.DEFAULT, List.of(), WalletSettings.DEFAULT, List.of(), null, null,
                1, now, now, 1);
        repository.create(hub, key.key());
        return new CreatedHub(hub, key);
    }

    public Hub get(String hubId) {
        return repository.find(hubId).orElseThrow(() -> new NotFoundException("no hub " + hubId));
    }

    /**
     * A change the hub makes to its own settings. Its Stripe account is kept whatever the change
     * says: only the operator sets it ({@link #setStripeAccount}).
     */
    public Hub update(String hubId, UnaryOperator<HubSettings> change) {
        return replace(hubId, current -> {
            HubSettings next = validSettings(change.apply(current.settings()));
            WalletSettings w = next.wallet();
            return current.with(new HubSettings(next.name(), next.timezone(), next.senderEmail(), next.statusRules(), next.fields(),
                    new WalletSettings(w.floor(), w.creditOnly(), w.lowBalanceThreshold(), w.reminderEveryDays(),
                            current.wallet().stripeAccountId(), w.topUpReturnUrl()), next.engagementRules()), clock.instant());
        });
    }

    /**
     * The operator sets where the hub's customers' money goes: its connected Stripe account, or
     * null for the platform's own; recorded with {@code actor} and the time.
     */
    public Hub setStripeAccount(String hubId, String stripeAccountId, String actor) {
        if (!Ids.looksLike("hub", hubId)) {
            throw new NotFoundException("no hub " + Ids.shorten(hubId));
        }
        String account = Text.blankToNull(stripeAccountId);
        if (account != null && !WalletSettings.STRIPE_ACCOUNT_ID.matcher(account).matches()) {
            throw ValidationException.of("stripeAccountId", "must be a Stripe connected account id (acct_ and letters or digits), or null");
        }
        return replace(hubId, current -> current.withStripeAccount(account, new OperatorChange(clock.instant(), actor)));
    }

    /**
     * Records the hub's sender identity as {@code change} makes it of the current one (null: none
     * yet); a change that answers the current identity itself writes nothing.
     */
    public Hub updateSender(String hubId, UnaryOperator<SenderIdentity> change) {
        return replace(hubId, current -> {
            SenderIdentity next = change.apply(current.sender());
            return next.equals(current.sender()) ? current : current.withSender(next, clock.instant());
        });
    }

    private Hub replace(String hubId, UnaryOperator<Hub> change) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Backoff.pause(attempt);
            Hub current = get(hubId);
            Hub next = change.apply(current);
            if (next == current || repository.replace(current, next)) {
                return next;
            }
        }
        throw new ContentionException("the hub kept changing; retry in a moment");
    }

    public IssuedKey createKey(String hubId, String name) {
        String keyName = Text.blankToNull(name);
        if (keyName != null && (keyName.length() > MAX_NAME_LENGTH || Text.hasControlCharacters(keyName))) {
            throw ValidationException.of("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        IssuedKey key = ApiKeys.issue(hubId, keyName, clock.instant());
        if (!repository.addKey(hubId, key.key(), MAX_ACTIVE_KEYS)) {
            throw new ConflictException("a hub has at most " + MAX_ACTIVE_KEYS + " active keys; revoke one first");
        }
        return key;
    }

    public Page<ApiKey> listKeys(String hubId, PageRequest page) {
        return repository.listKeys(hubId, page);
    }

    public ApiKey getKey(String hubId, String keyId) {
        return Optional.of(keyId).filter(id -> Ids.looksLike("key", id))
                .flatMap(id -> repository.findKey(hubId, id))
                .orElseThrow(() -> new NotFoundException("no API key " + Ids.shorten(keyId)));
    }

    public void revokeKey(String hubId, String keyId) {
        if (!Ids.looksLike("key", keyId)) {
            throw new NotFoundException("no active API key " + Ids.shorten(keyId));
        }
        switch (repository.revokeKey(hubId, keyId, clock.instant())) {
            case REVOKED -> { }
            case NOT_FOUND -> throw new NotFoundException("no active API key " + keyId);
            case LAST_ACTIVE_KEY -> throw new ConflictException(
                    "this is the hub's last active key; create another one before revoking it");
        }
    }

    /** The hub a presented key belongs to, if the key is one of its active keys. */
    public Optional<String> hubForKey(String presented) {
        Optional<ApiKeys.KeyRef> ref = ApiKeys.parse(presented);
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        String digest = ApiKeys.sha256(presented);
        return repository.findKey(ref.get().hubId(), ref.get().keyId())
                .filter(key -> key.active() && ApiKeys.sameDigest(key.sha256(), digest))
                .map(key -> ref.get().hubId());
    }

    private static HubSettings validSettings(HubSettings settings) {
        List<FieldError> errors = new ArrayList<>();
        String name = validName(settings.name(), errors);
        String timezone = validTimezone(settings.timezone(), errors);
        String sender = Text.blankToNull(settings.senderEmail());
        if (sender != null && !Emails.isValid(sender)) {
            errors.add(new FieldError("senderEmail", "is not a valid email address"));
        }
        StatusRules rules = validRules(settings.statusRules() == null ? StatusRules.DEFAULT : settings.statusRules(), errors);
        List<FieldDefinition> fields = validFields(settings.fields() == null ? List.of() : settings.fields(), errors);
        WalletSettings wallet = validWallet(settings.wallet() == null ? WalletSettings.DEFAULT : settings.wallet(), errors);
        List<EngagementRule> engagementRules = validEngagementRules(
                settings.engagementRules() == null ? List.of() : settings.engagementRules(), errors);
        throwIfAny(errors);
        return new HubSettings(name, timezone, sender, rules, fields, wallet, engagementRules);
    }

    private static WalletSettings validWallet(WalletSettings wallet, List<FieldError> errors) {
        if (wallet.floor() > 0 || wallet.floor() < -HubJson.MAX_AMOUNT) {
            errors.add(new FieldError("wallet.floor", "must be from -" + HubJson.MAX_AMOUNT + " to 0 (minor units)"));
        }
        if (wallet.reminderEveryDays() < 1 || wallet.reminderEveryDays() > 365) {
            errors.add(new FieldError("wallet.reminderEveryDays", "must be between 1 and 365"));
        }
        String returnUrl = Text.blankToNull(wallet.topUpReturnUrl());
        if (returnUrl != null && !WalletSettings.isValidReturnUrl(returnUrl)) {
            errors.add(new FieldError("wallet.topUpReturnUrl", "must be an absolute https:// URL without user-info, at most "
                    + WalletSettings.MAX_RETURN_URL_LENGTH + " characters, or null (the customer's portal)"));
        }
        return new WalletSettings(wallet.floor(), wallet.creditOnly(), wallet.lowBalanceThreshold(), wallet.reminderEveryDays(),
                wallet.stripeAccountId(), returnUrl);
    }

    private static StatusRules validRules(StatusRules rules, List<FieldError> errors) {
        StatusRules.VipRule vip = rules.vip() == null ? StatusRules.VipRule.OFF : rules.vip();
        if (vip.minTotalSpent() != null && vip.minTotalSpent() < 1) {
            errors.add(new FieldError("statusRules.vip.minTotalSpent", "must be at least 1 (minor units)"));
        }
        if (vip.minOrderCount() != null && vip.minOrderCount() < 1) {
            errors.add(new FieldError("statusRules.vip.minOrderCount", "must be at least 1"));
        }
        if (vip.withinDays() != null && (vip.withinDays() < 1 || vip.withinDays() > 3660)) {
            errors.add(new FieldError("statusRules.vip.withinDays", "must be between 1 and 3660"));
        }
        if (vip.enabled() && vip.minTotalSpent() == null && vip.minOrderCount() == null) {
            errors.add(new FieldError("statusRules.vip", "an enabled VIP rule needs minTotalSpent or minOrderCount"));
        }
        return new StatusRules(rules.leadToCustomer(), vip);
    }

    private static List<FieldDefinition> validFields(List<FieldDefinition> fields, List<FieldError> errors) {
        if (fields.size() > MAX_FIELD_DEFINITIONS) {
            errors.add(new FieldError("fields", "at most " + MAX_FIELD_DEFINITIONS + " custom fields"));
            return List.of();
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            FieldDefinition field = fields.get(i);
            String path = "fields[" + i + "]";
            if (field.name() == null || !FIELD_NAME.matcher(field.name()).matches()) {
                errors.add(new FieldError(path + ".name", "a letter then up to 63 letters, digits or _"));
            } else if (!names.add(field.name())) {
                errors.add(new FieldError(path + ".name", "'" + field.name() + "' is defined twice"));
            }
            if (field.type() == null) {
                errors.add(new FieldError(path + ".type", "must be one of text, number, date, boolean, choice"));
            }
            boolean hasChoices = field.choices() != null && !field.choices().isEmpty();
            if (field.type() == FieldDefinition.Type.CHOICE && (!hasChoices || field.choices().size() > 100
                    || field.choices().stream().anyMatch(c -> c == null || c.isBlank() || c.length() > 100))) {
                errors.add(new FieldError(path + ".choices", "a choice field needs 1-100 non-blank choices of at most 100 characters"));
            } else if (field.type() != FieldDefinition.Type.CHOICE && hasChoices) {
                errors.add(new FieldError(path + ".choices", "only choice fields have choices"));
            }
        }
        return fields.stream().map(field -> new FieldDefinition(field.name(), field.type(),
                field.choices() == null ? List.of() : field.choices(), field.required())).toList();
    }

    /** Rules counted before any is read (ADR 13); each tag as the customer's tag rules store it. */
    private static List<EngagementRule> validEngagementRules(List<EngagementRule> rules, List<FieldError> errors) {
        if (rules.size() > MAX_ENGAGEMENT_RULES) {
            errors.add(new FieldError("engagementRules", "at most " + MAX_ENGAGEMENT_RULES + " rules"));
            return List.of();
        }
        List<EngagementRule> valid = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            EngagementRule rule = rules.get(i);
            String path = "engagementRules[" + i + "]";
            if (rule.event() == null || !EngagementRule.EVENTS.contains(rule.event())) {
                errors.add(new FieldError(path + ".event", "is required: one of " + String.join(", ", EngagementRule.EVENTS)));
            }
            if (rule.campaignId() != null && !Ids.looksLike(Campaign.ID_PREFIX, rule.campaignId())) {
                errors.add(new FieldError(path + ".campaignId", "must be a campaign's id (cmp_...), or left out for any campaign"));
            }
            String tag = CustomerRules.normalizeTag(rule.addTag());
            if (tag == null) {
                errors.add(new FieldError(path + ".addTag", "is required: a tag of 1-" + CustomerRules.MAX_TAG_LENGTH
                        + " characters of letters, digits, space . _ - in segments separated by /"));
            }
            valid.add(new EngagementRule(rule.event(), rule.campaignId(), tag));
        }
        return valid;
    }

    private static String validName(String value, List<FieldError> errors) {
        String name = Text.blankToNull(value);
        if (name == null || name.length() > MAX_NAME_LENGTH || Text.hasControlCharacters(name)) {
            errors.add(new FieldError("name", "is required, at most " + MAX_NAME_LENGTH + " characters"));
        }
        return name;
    }

    private static String validTimezone(String value, List<FieldError> errors) {
        try {
            return ZoneId.of(value == null ? "" : value.strip()).getId();
        } catch (DateTimeException e) {
            errors.add(new FieldError("timezone", "must be an IANA time zone such as Europe/Paris"));
            return null;
        }
    }

    private static boolean validCurrency(String code) {
        try {
            return Currency.getInstance(code).getCurrencyCode().equals(code);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
