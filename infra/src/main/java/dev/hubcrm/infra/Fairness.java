package dev.hubcrm.infra;

import dev.hubcrm.routes.Access;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.routes.Route;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/**
 * What the stack does so that one hub, or an anonymous caller, cannot starve the others (ADR 14):
 * its own API Gateway throttle on every public route (no key, so no hub quota can hold them), and
 * concurrency reserved for the money paths when the account has some to spare. Per-hub quotas on
 * expensive operations are the functions' own ({@code dev.hubcrm.quotas}).
 */
final class Fairness extends Construct {
    /** Concurrent executions reserved for each money path function; 0 (the default) reserves none. */
    static final String RESERVED_CONCURRENCY_PARAMETER = "MoneyPathReservedConcurrency";
    /** Charges and top-ups (wallet-api) and Stripe's confirmations (stripe-webhook): what must answer under load. */
    static final Set<LambdaFunction> MONEY_PATHS = EnumSet.of(LambdaFunction.WALLET_API, LambdaFunction.STRIPE_WEBHOOK);

    /** An API Gateway token bucket: requests a second, and how many at once above that. */
    record Throttle(int ratePerSecond, int burst) {
    }

    /**
     * Stripe's deliveries come in bursts (a batch of Checkout completions, retries after an outage)
     * and are retried for days when refused, so the webhook gets the most.
     */
    static final Throttle WEBHOOK_THROTTLE = new Throttle(50, 100);
    /** Each portal top-up creates a Stripe Checkout Session; people, not scripts, press that button. */
    static final Throttle PORTAL_TOP_UP_THROTTLE = new Throttle(10, 20);
    /** Every other public route: portal pages, health, the OpenAPI document (and, when they come, unsubscribe links). */
    static final Throttle PUBLIC_THROTTLE = new Throttle(20, 40);

    private final CfnCondition reservesConcurrency;
    private final CfnParameter reservedConcurrency;

    Fairness(Construct scope, String id) {
        super(scope, id);
        reservedConcurrency = CfnParameter.Builder.create(this, RESERVED_CONCURRENCY_PARAMETER)
                .type("Number")
                .defaultValue(0)
                .minValue(0)
                .description("Concurrent executions reserved for each of wallet-api and stripe-webhook, so that other"
                        + " functions cannot take all of the account's; 0 reserves none. Lambda keeps 100 unreserved:"
                        + " an account with the default 1,000 can reserve, a new account with less cannot.")
                .build();
        reservedConcurrency.overrideLogicalId(RESERVED_CONCURRENCY_PARAMETER);
        reservesConcurrency = CfnCondition.Builder.create(this, "ReservesMoneyPathConcurrency")
                .expression(Fn.conditionNot(Fn.conditionEquals(reservedConcurrency.getValueAsString(), "0")))
                .build();
    }

    /** The route's own throttle when it is public (no key, so no quota of a hub holds it); other routes have the stage's. */
    static Optional<Throttle> publicRouteThrottle(Route route) {
        if (route.access() != Access.PUBLIC) {
            return Optional.empty();
        }
        return Optional.of(switch (route.key()) {
            case "POST /webhooks/stripe" -> WEBHOOK_THROTTLE;
            case "POST /portal/{token}/top-ups" -> PORTAL_TOP_UP_THROTTLE;
            default -> PUBLIC_THROTTLE;
        });
    }

    /** Reserves the parameter's concurrency for a money path function, or nothing when it is 0. */
    void reserveConcurrency(Function function) {
        ((CfnFunction) function.getNode().getDefaultChild()).addPropertyOverride("ReservedConcurrentExecutions",
                Fn.conditionIf(reservesConcurrency.getLogicalId(), reservedConcurrency.getValueAsNumber(), Aws.NO_VALUE));
    }

    /**
     * Each public route's throttle as a route setting of the stage. A route setting must name a route
     * that exists, so the stage waits for those routes.
     */
    static void throttlePublicRoutes(HttpStage stage, Map<Route, HttpRoute> routes) {
        Map<String, Object> settings = new LinkedHashMap<>();
        routes.forEach((route, httpRoute) -> publicRouteThrottle(route).ifPresent(throttle -> {
            settings.put(route.key(), Map.of("ThrottlingRateLimit", throttle.ratePerSecond(),
                    "ThrottlingBurstLimit", throttle.burst()));
            stage.getNode().addDependency(httpRoute);
        }));
        ((CfnStage) stage.getNode().getDefaultChild()).setRouteSettings(settings);
    }
}
