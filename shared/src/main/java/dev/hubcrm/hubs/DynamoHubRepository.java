package dev.hubcrm.hubs;

import static dev.hubcrm.store.Items.key;
import static dev.hubcrm.store.Items.n;
import static dev.hubcrm.store.Items.s;
import static dev.hubcrm.store.TableDesign.hubPartition;

import dev.hubcrm.common.Page;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.store.Items;
import dev.hubcrm.store.KeyOrder;
import dev.hubcrm.store.TableDesign;
import dev.hubcrm.store.Transactions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Hubs in the shared table: {@code HUB} holds the hub (with a count of its active keys, so the
 * last key cannot be revoked even by two concurrent requests), {@code KEY#<keyId>} each API key.
 */
public final class DynamoHubRepository implements HubRepository {
    private static final String HUB = "HUB";
    private static final String KEY_PREFIX = "KEY#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoHubRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void create(Hub hub, ApiKey firstKey) {
        dynamo.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(toItem(hub))
                        .conditionExpression("attribute_not_exists(PK)")).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(toItem(hub.id(), firstKey))).build()));
    }

    @Override
    public Optional<Hub> find(String hubId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(key(hubPartition(hubId), HUB)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(hubFrom(item));
    }

    @Override
    public boolean replace(Hub current, Hub next) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(toItem(next))
                    .conditionExpression("#version = :version")
                    .expressionAttributeNames(Map.of("#version", "version"))
                    .expressionAttributeValues(Map.of(":version", n(current.version()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean addKey(String hubId, ApiKey key, int maxActive) {
        int failed = Transactions.write(dynamo, List.of(
                countActiveKeys(hubId, "+ :one", "activeKeys < :limit", Map.of(":one", n(1), ":limit", n(maxActive))),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(toItem(hubId, key))
                        .conditionExpression("attribute_not_exists(PK)")).build()));
        if (failed > 0) {
            throw new IllegalStateException("key id " + key.id() + " already exists");
        }
        return failed < 0;
    }

    @Override
    public Optional<ApiKey> findKey(String hubId, String keyId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(key(hubPartition(hubId), KEY_PREFIX + keyId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(keyFrom(item));
    }

    @Override
    public Page<ApiKey> listKeys(String hubId, PageRequest page) {
        // Revoked keys stay listed (they say when they stopped working), so a hub's keys grow without bound.
        return KeyOrder.page(dynamo, table, hubId, KEY_PREFIX, page, true, DynamoHubRepository::keyFrom);
    }

    @Override
    public Revocation revokeKey(String hubId, String keyId, Instant at) {
        // The key first: an unknown key is "not found" even when it would also be the last one.
        int failed = Transactions.write(dynamo, List.of(
                TransactWriteItem.builder().update(u -> u.tableName(table)
                        .key(key(hubPartition(hubId), KEY_PREFIX + keyId))
                        .updateExpression("SET revokedAt = :at")
                        .conditionExpression("attribute_exists(PK) AND attribute_not_exists(revokedAt)")
                        .expressionAttributeValues(Map.of(":at", s(at.toString())))).build(),
                countActiveKeys(hubId, "- :one", "activeKeys > :one", Map.of(":one", n(1)))));
        return switch (failed) {
            case -1 -> Revocation.REVOKED;
            case 0 -> Revocation.NOT_FOUND;
            default -> Revocation.LAST_ACTIVE_KEY;
        };
    }

    private TransactWriteItem countActiveKeys(String hubId, String delta, String condition,
            Map<String, AttributeValue> values) {
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(key(hubPartition(hubId), HUB))
                .updateExpression("SET activeKeys = activeKeys " + delta)
                .conditionExpression("attribute_exists(PK) AND " + condition)
                .expressionAttributeValues(values)).build();
    }

    private static Map<String, AttributeValue> toItem(Hub hub) {
        Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hub.id()), HUB));
        item.put("kind", s("hub"));
        item.put("id", s(hub.id()));
        item.put("name", s(hub.name()));
        item.put("currency", s(hub.currency()));
        item.put("timezone", s(hub.timezone()));
        Items.putIfPresent(item, "senderEmail", hub.senderEmail());
        item.put("statusRules", rulesItem(hub.statusRules()));
        item.put("fields", AttributeValue.fromL(hub.fields().stream().map(DynamoHubRepository::fieldItem).toList()));
        item.put("wallet", walletItem(hub.wallet()));
        item.put("engagementRules", AttributeValue.fromL(hub.engagementRules().stream().map(DynamoHubRepository::engagementRuleItem).toList()));
        if (hub.wallet().lowBalanceThreshold() != null) {
            item.put(TableDesign.REMINDER_HUBS_ATTRIBUTE, s("on"));
        }
        if (hub.stripeAccountSet() != null) {
            item.put("stripeAccountSetAt", s(hub.stripeAccountSet().at().toString()));
            item.put("stripeAccountSetBy", s(hub.stripeAccountSet().by()));
        }
        if (hub.sender() != null) {
            item.put("sender", senderItem(hub.sender()));
        }
        item.put("activeKeys", n(hub.activeKeys()));
        Items.putIfPresent(item, "createdAt", hub.createdAt());
        Items.putIfPresent(item, "updatedAt", hub.updatedAt());
        item.put("version", n(hub.version()));
        return item;
    }

    private static Hub hubFrom(Map<String, AttributeValue> item) {
        return new Hub(Items.string(item, "id"), Items.string(item, "name"), Items.string(item, "currency"),
                Items.string(item, "timezone"), Items.string(item, "senderEmail"), rulesFrom(item.get("statusRules")),
                fieldsFrom(item.get("fields")), walletFrom(item.get("wallet")), engagementRulesFrom(item.get("engagementRules")),
                item.containsKey("stripeAccountSetAt")
                        ? new OperatorChange(Items.instant(item, "stripeAccountSetAt"), Items.string(item, "stripeAccountSetBy")) : null,
                senderFrom(item.get("sender")), (int) Items.number(item, "activeKeys"),
                Items.instant(item, "createdAt"), Items.instant(item, "updatedAt"), Items.number(item, "version"));
    }

    private static AttributeValue senderItem(SenderIdentity sender) {
        return AttributeValue.fromM(Map.of("kind", s(sender.kind().wire()), "name", s(sender.name()),
                "status", s(sender.status().wire()), "dkimTokens", Items.strings(sender.dkimTokens()),
                "statusChangedAt", s(sender.statusChangedAt().toString())));
    }

    private static SenderIdentity senderFrom(AttributeValue value) {
        if (value == null || !value.hasM()) {
            return null;
        }
        Map<String, AttributeValue> map = value.m();
        return new SenderIdentity(SenderIdentity.Kind.fromWire(Items.string(map, "kind")), Items.string(map, "name"),
                SenderIdentity.Status.fromWire(Items.string(map, "status")), Items.stringList(map, "dkimTokens"),
                Items.instant(map, "statusChangedAt"));
    }

    private static AttributeValue walletItem(WalletSettings wallet) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("floor", n(wallet.floor()));
        map.put("creditOnly", Items.bool(wallet.creditOnly()));
        if (wallet.lowBalanceThreshold() != null) {
            map.put("lowBalanceThreshold", n(wallet.lowBalanceThreshold()));
        }
        map.put("reminderEveryDays", n(wallet.reminderEveryDays()));
        Items.putIfPresent(map, "stripeAccountId", wallet.stripeAccountId());
        Items.putIfPresent(map, "topUpReturnUrl", wallet.topUpReturnUrl());
        return AttributeValue.fromM(map);
    }

    /** Hubs created before the wallet existed read as {@link WalletSettings#DEFAULT}. */
    private static WalletSettings walletFrom(AttributeValue value) {
        if (value == null || !value.hasM()) {
            return WalletSettings.DEFAULT;
        }
        Map<String, AttributeValue> map = value.m();
        return new WalletSettings(Items.number(map, "floor"), Items.flag(map, "creditOnly"),
                map.containsKey("lowBalanceThreshold") ? Items.number(map, "lowBalanceThreshold") : null,
                (int) Items.number(map, "reminderEveryDays"), Items.string(map, "stripeAccountId"),
                Items.string(map, "topUpReturnUrl"));
    }

    private static AttributeValue rulesItem(StatusRules rules) {
        Map<String, AttributeValue> vip = new HashMap<>();
        vip.put("enabled", Items.bool(rules.vip().enabled()));
        if (rules.vip().minTotalSpent() != null) {
            vip.put("minTotalSpent", n(rules.vip().minTotalSpent()));
        }
        if (rules.vip().minOrderCount() != null) {
            vip.put("minOrderCount", n(rules.vip().minOrderCount()));
        }
        if (rules.vip().withinDays() != null) {
            vip.put("withinDays", n(rules.vip().withinDays()));
        }
        return AttributeValue.fromM(Map.of("leadToCustomer", Items.bool(rules.leadToCustomer()), "vip", AttributeValue.fromM(vip)));
    }

    private static StatusRules rulesFrom(AttributeValue value) {
        if (value == null || !value.hasM()) {
            return StatusRules.DEFAULT;
        }
        Map<String, AttributeValue> vip = value.m().get("vip").m();
        return new StatusRules(Items.flag(value.m(), "leadToCustomer"), new StatusRules.VipRule(Items.flag(vip, "enabled"),
                vip.containsKey("minTotalSpent") ? Items.number(vip, "minTotalSpent") : null,
                vip.containsKey("minOrderCount") ? (int) Items.number(vip, "minOrderCount") : null,
                vip.containsKey("withinDays") ? (int) Items.number(vip, "withinDays") : null));
    }

    private static AttributeValue fieldItem(FieldDefinition field) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("name", s(field.name()));
        map.put("type", s(field.type().wire()));
        map.put("choices", Items.strings(field.choices() == null ? List.of() : field.choices()));
        map.put("required", Items.bool(field.required()));
        return AttributeValue.fromM(map);
    }

    private static List<FieldDefinition> fieldsFrom(AttributeValue value) {
        if (value == null || !value.hasL()) {
            return List.of();
        }
        return value.l().stream().map(AttributeValue::m).map(field -> new FieldDefinition(Items.string(field, "name"),
                FieldDefinition.Type.fromWire(Items.string(field, "type")), Items.stringList(field, "choices"),
                Items.flag(field, "required"))).toList();
    }

    private static AttributeValue engagementRuleItem(EngagementRule rule) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("event", s(rule.event()));
        Items.putIfPresent(map, "campaignId", rule.campaignId());
        map.put("addTag", s(rule.addTag()));
        return AttributeValue.fromM(map);
    }

    /** Hubs written before engagement rules existed have none. */
    private static List<EngagementRule> engagementRulesFrom(AttributeValue value) {
        if (value == null || !value.hasL()) {
            return List.of();
        }
        return value.l().stream().map(AttributeValue::m).map(rule -> new EngagementRule(Items.string(rule, "event"),
                Items.string(rule, "campaignId"), Items.string(rule, "addTag"))).toList();
    }

    private static Map<String, AttributeValue> toItem(String hubId, ApiKey key) {
        Map<String, AttributeValue> item = new HashMap<>(key(hubPartition(hubId), KEY_PREFIX + key.id()));
        item.put("kind", s("api-key"));
        item.put("id", s(key.id()));
        Items.putIfPresent(item, "name", key.name());
        item.put("sha256", s(key.sha256()));
        Items.putIfPresent(item, "createdAt", key.createdAt());
        Items.putIfPresent(item, "revokedAt", key.revokedAt());
        return item;
    }

    private static ApiKey keyFrom(Map<String, AttributeValue> item) {
        return new ApiKey(Items.string(item, "id"), Items.string(item, "name"), Items.string(item, "sha256"),
                Items.instant(item, "createdAt"), Items.instant(item, "revokedAt"));
    }
}
