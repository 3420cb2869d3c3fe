package dev.hubcrm.local;

import dev.hubcrm.routes.Route;
import dev.hubcrm.routes.RouteTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches a method and path against the route table as API Gateway HTTP API does: literal
 * segments before parameters ({@code /v1/customers/export} wins over {@code /v1/customers/{id}}),
 * a {@code {name}} parameter matches one non-empty segment.
 */
final class RouteMatcher {
    private record Compiled(Route route, Pattern pattern, List<String> names, int literalSegments) {
    }

    /** A matched route and its decoded path parameters. */
    record Match(Route route, Map<String, String> pathParameters) {
    }

    private final List<Compiled> routes = new ArrayList<>();

    RouteMatcher(List<Route> table) {
        for (Route route : table) {
            List<String> names = new ArrayList<>();
            StringBuilder regex = new StringBuilder();
            int literals = 0;
            for (String segment : route.path().substring(1).split("/", -1)) {
                regex.append('/');
                if (segment.startsWith("{") && segment.endsWith("}")) {
                    names.add(segment.substring(1, segment.length() - 1));
                    regex.append("([^/]+)");
                } else {
                    literals++;
                    regex.append(Pattern.quote(segment));
                }
            }
            routes.add(new Compiled(route, Pattern.compile(regex.toString()), names, literals));
        }
        routes.sort((a, b) -> Integer.compare(b.literalSegments(), a.literalSegments()));
    }

    static RouteMatcher ofRouteTable() {
        return new RouteMatcher(RouteTable.ROUTES);
    }

    Optional<Match> match(String method, String path) {
        for (Compiled compiled : routes) {
            Matcher matcher = compiled.pattern().matcher(path);
            if (compiled.route().method().equals(method) && matcher.matches()) {
                Map<String, String> parameters = new LinkedHashMap<>();
                for (int i = 0; i < compiled.names().size(); i++) {
                    parameters.put(compiled.names().get(i), matcher.group(i + 1));
                }
                return Optional.of(new Match(compiled.route(), parameters));
            }
        }
        return Optional.empty();
    }
}
