package dev.hubcrm.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubcrm.routes.Access;
import dev.hubcrm.routes.LambdaFunction;
import dev.hubcrm.routes.Route;
import dev.hubcrm.routes.RouteTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/** Fairness at the edge: public routes throttled on their own, money paths' reserved concurrency as a parameter. */
class FairnessTest {
    private static HubcrmStack stack;
    private static Map<String, Object> template;

    @BeforeAll
    static void synthesize() {
        stack = TestStacks.newStack(TestStacks.newApp());
        template = Template.fromStack(stack).toJSON();
    }

    @Test
    void everyPublicRouteHasItsOwnThrottleAndTheStageWaitsForThoseRoutes() {
        Map<String, Object> stage = singleResource("AWS::ApiGatewayV2::Stage");
        Map<String, Object> settings = map(map(stage.get("Properties")).get("RouteSettings"));

        List<Route> publicRoutes = RouteTable.ROUTES.stream().filter(route -> route.access() == Access.PUBLIC).toList();
        assertThat(settings.keySet()).containsExactlyInAnyOrderElementsOf(publicRoutes.stream().map(Route::key).toList());
        assertThat(settings.get("POST /webhooks/stripe")).isEqualTo(Map.of("ThrottlingRateLimit", 50, "ThrottlingBurstLimit", 100));
        assertThat(settings.get("POST /portal/{token}/top-ups")).isEqualTo(Map.of("ThrottlingRateLimit", 10, "ThrottlingBurstLimit", 20));
        assertThat(settings.get("GET /portal/{token}")).isEqualTo(Map.of("ThrottlingRateLimit", 20, "ThrottlingBurstLimit", 40));
        settings.values().forEach(setting -> assertThat((Integer) map(setting).get("ThrottlingRateLimit"))
                .as("below the stage's default").isLessThan(HubcrmStack.THROTTLE_RATE_PER_SECOND));

        Map<String, String> routeIds = new HashMap<>();
        resources("AWS::ApiGatewayV2::Route").forEach((id, route) -> routeIds.put((String) map(route.get("Properties")).get("RouteKey"), id));
        assertThat(dependsOn(stage)).as("a route setting must name a route that exists")
                .containsAll(publicRoutes.stream().map(route -> routeIds.get(route.key())).toList());
    }

    @Test
    void moneyPathsReserveTheParametersConcurrencyOnlyWhenItIsNotZero() {
        Map<String, Object> parameter = map(map(template.get("Parameters")).get(Fairness.RESERVED_CONCURRENCY_PARAMETER));
        assertThat(parameter).containsEntry("Type", "Number").containsEntry("Default", 0).containsEntry("MinValue", 0);

        for (LambdaFunction spec : LambdaFunction.values()) {
            Object reserved = map(map(resources("AWS::Lambda::Function").get(id(stack.function(spec)))).get("Properties"))
                    .get("ReservedConcurrentExecutions");
            if (Fairness.MONEY_PATHS.contains(spec)) {
                Map<String, Object> ifReserved = map(reserved);
                List<?> branches = (List<?>) ifReserved.get("Fn::If");
                assertThat(branches.subList(1, 3)).as(spec.name()).isEqualTo(List.of(
                        Map.of("Ref", Fairness.RESERVED_CONCURRENCY_PARAMETER), Map.of("Ref", "AWS::NoValue")));
                assertThat(map(template.get("Conditions")).get(branches.get(0))).isEqualTo(Map.of("Fn::Not",
                        List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", Fairness.RESERVED_CONCURRENCY_PARAMETER), "0")))));
            } else {
                assertThat(reserved).as("%s reserves nothing", spec.name()).isNull();
            }
        }
    }

    private static Map<String, Object> singleResource(String type) {
        Map<String, Map<String, Object>> found = resources(type);
        assertThat(found).hasSize(1);
        return found.values().iterator().next();
    }

    private static Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> found = new HashMap<>();
        map(template.get("Resources")).forEach((id, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                found.put(id, map(resource));
            }
        });
        return found;
    }

    private static String id(IConstruct construct) {
        return Stack.of(construct).getLogicalId((CfnElement) construct.getNode().getDefaultChild());
    }

    @SuppressWarnings("unchecked")
    private static List<String> dependsOn(Map<String, Object> resource) {
        return (List<String>) resource.get("DependsOn");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
