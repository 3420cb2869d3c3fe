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

    public ApiException(int status, String title, String detail, List<FieldError> errors, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors;
        this.headers = headers;
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
}
