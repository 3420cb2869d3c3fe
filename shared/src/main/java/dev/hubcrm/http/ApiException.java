package dev.hubcrm.http;

import dev.hubcrm.common.FieldError;
import java.util.List;
import java.util.Map;

/** A request the pipeline refuses before or around the domain: answered as problem+json. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String title;
    private final transient List<FieldError> errors;
    private final transient Map<String, String> headers;
    /** Members the problem carries beyond RFC 9457's (a 402's balance and shortfall); empty for most. */
    private final transient Map<String, Object> extensions;

    public ApiException(int status, String title, String detail, List<FieldError> errors, Map<String, String> headers) {
        this(status, title, detail, errors, headers, Map.of());
    }

    private ApiException(int status, String title, String detail, List<FieldError> errors, Map<String, String> headers,
            Map<String, Object> extensions) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors;
        this.headers = headers;
        this.extensions = extensions;
    }

    /** A problem with extension members (strings, numbers, booleans) beside type, title, status and detail. */
    public static ApiException withExtensions(int status, String title, String detail, Map<String, Object> extensions) {
        return new ApiException(status, title, detail, List.of(), Map.of(), extensions);
    }

    public ApiException(int status, String title, String detail) {
        this(status, title, detail, List.of(), Map.of());
    }

    public static ApiException malformed(String detail) {
        return new ApiException(400, "Malformed request", detail);
    }

    public static ApiException unauthorized() {
        return new ApiException(401, "Unauthorized",
                "send a valid key as Authorization: Bearer <key>", List.of(), Map.of("WWW-Authenticate", "Bearer"));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
