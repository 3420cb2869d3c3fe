package dev.hubcrm.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hubcrm.common.ExpectedVersion;
import dev.hubcrm.common.PageRequest;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.routes.Route;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An authenticated HTTP API v2 request as operations see it. */
public final class ApiRequest {
    /** One entity tag: {@code W/} when weak, and its opaque part (RFC 9110 §8.8.3). */
    private static final Pattern ENTITY_TAG = Pattern.compile("(W/)?\"([\\x21\\x23-\\x7E\\x80-\\xFF]*)\"");
    private static final Pattern IF_MATCH_LIST = Pattern.compile("[ \\t]*" + ENTITY_TAG.pattern()
            + "([ \\t]*,[ \\t]*" + ENTITY_TAG.pattern() + ")*[ \\t]*");
    /** The opaque part of the tags this API gives out: a version, at most 18 digits to fit a long. */
    private static final Pattern VERSION = Pattern.compile("[0-9]{1,18}");

    private final APIGatewayV2HTTPEvent event;
    private final Route route;
    private final String hubId;
    private final String operator;
    private final Map<String, String> headers;
    private final Map<String, List<String>> query;

    ApiRequest(APIGatewayV2HTTPEvent event, Route route, String hubId, String operator) {
        this.event = event;
        this.route = route;
        this.hubId = hubId;
        this.operator = operator;
        this.headers = lowerCaseHeaders(event.getHeaders());
        this.query = parseQuery(event.getRawQueryString());
    }

    /** The path as requested, e.g. {@code /v1/customers/cus_01J...}. */
    public String path() {
        return event.getRawPath();
    }

    public Route route() {
        return route;
    }

    /** The hub the key belongs to; every operation on hub routes acts inside it. */
    public String hubId() {
        if (hubId == null) {
            throw new IllegalStateException("route " + route.key() + " is not a hub route");
        }
        return hubId;
    }

    /** The operator who called an operator route, as its changes record it ({@code operator:3f2a9c1b7d4e}). */
    public String operator() {
        if (operator == null) {
            throw new IllegalStateException("route " + route.key() + " is not an operator route");
        }
        return operator;
    }

    public String pathParameter(String name) {
        Map<String, String> parameters = event.getPathParameters();
        String value = parameters == null ? null : parameters.get(name);
        if (value == null) {
            throw new IllegalStateException("route " + route.key() + " has no path parameter " + name);
        }
        return value;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public Optional<String> queryParameter(String name) {
        List<String> values = query.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw ValidationException.of(name, "may be given once");
        }
        return values.stream().findFirst();
    }

    /**
     * The route's only query parameter, a true/false flag (false when absent); any other parameter
     * is a 422 naming it, as a typo must never pass silently.
     *
     * @param what what the route serves, for the message ("imports")
     */
    public boolean onlyFlag(String name, String what) {
        queryParameterNames().stream().filter(other -> !other.equals(name)).findFirst().ifPresent(other -> {
            throw ValidationException.of(other, "is not a parameter of " + what + "; the only one is " + name + "=true|false");
        });
        return switch (queryParameter(name).orElse("false")) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ValidationException.of(name, "must be true or false");
        };
    }

    /** A 422 naming the first query parameter that is not {@code allowed}: a typo must never pass silently. */
    public void requireOnlyParameters(Set<String> allowed, String what) {
        queryParameterNames().stream().filter(name -> !allowed.contains(name)).findFirst().ifPresent(name -> {
            throw ValidationException.of(name, "is not a parameter of " + what + "; use " + String.join(", ", new java.util.TreeSet<>(allowed)));
        });
    }

    public Set<String> queryParameterNames() {
        return query.keySet();
    }

    public boolean hasBody() {
        String body = event.getBody();
        return body != null && !body.isBlank();
    }

    public List<String> queryParameters(String name) {
        return query.getOrDefault(name, List.of());
    }

    /** {@code ?limit=&cursor=} of a list. */
    public PageRequest page() {
        String limit = queryParameter("limit").orElse(null);
        int size;
        try {
            size = limit == null ? PageRequest.DEFAULT_LIMIT : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw ValidationException.of("limit", "must be a whole number between 1 and " + PageRequest.MAX_LIMIT);
        }
        return new PageRequest(size, queryParameter("cursor").orElse(null));
    }

    /**
     * The versions {@code If-Match} lets a write apply to (RFC 9110 §13.1.1, strong comparison): any
     * for no header or {@code *}; else the listed strong tags this API gives out ({@code "3"}). Weak,
     * unknown or malformed tags match nothing, so they end in a 412, never a 4xx of another kind.
     */
    public ExpectedVersion ifMatch() {
        Optional<String> value = header("If-Match");
        if (value.isEmpty() || value.get().strip().equals("*")) {
            return ExpectedVersion.ANY;
        }
        if (!IF_MATCH_LIST.matcher(value.get()).matches()) {
            return ExpectedVersion.NONE;
        }
        Set<Long> versions = new HashSet<>();
        Matcher tag = ENTITY_TAG.matcher(value.get());
        while (tag.find()) {
            if (tag.group(1) == null && VERSION.matcher(tag.group(2)).matches()) {
                versions.add(Long.parseLong(tag.group(2)));
            }
        }
        return versions.isEmpty() ? ExpectedVersion.NONE : new ExpectedVersion(false, versions);
    }

    /** The body as JSON, or a 400 when it is missing or not JSON. */
    public JsonNode json() {
        String body = body();
        if (body == null || body.isBlank()) {
            throw ApiException.malformed("the request needs a JSON body");
        }
        header("Content-Type").ifPresent(type -> {
            String media = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (!media.equals("application/json") && !media.endsWith("+json")) {
                throw new ApiException(415, "Unsupported media type", "send the body as application/json");
            }
        });
        try {
            return Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.malformed("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The raw body as text, decoded when API Gateway base64-encoded it. */
    public String body() {
        String body = event.getBody();
        return body == null ? null : new String(bytes(), StandardCharsets.UTF_8);
    }

    /** The body exactly as the client sent it (API Gateway base64-encodes binary types); empty for none. */
    public byte[] bytes() {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (!event.getIsBase64Encoded()) {
            return body.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw ApiException.malformed("the body is marked base64 but is not");
        }
    }

    /** The size of the body on the wire, before any decoding. */
    int bodyBytes() {
        String body = event.getBody();
        if (body == null) {
            return 0;
        }
        return event.getIsBase64Encoded() ? body.length() / 4 * 3 : body.getBytes(StandardCharsets.UTF_8).length;
    }

    private static Map<String, String> lowerCaseHeaders(Map<String, String> headers) {
        Map<String, String> lower = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        }
        return lower;
    }

    /** Parses the raw query string, keeping repeated parameters ({@code ?tag=a&tag=b}) apart. */
    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.malformed("the query string is not validly percent-encoded");
        }
    }
}
