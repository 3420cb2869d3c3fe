package dev.hubcrm.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.hubcrm.imports.ImportUploads;
import dev.hubcrm.imports.UploadStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The local server's stand-in for the upload bucket: {@code PUT /_local/uploads/<key>?expires=&signature=}
 * stores the body in memory, like a presigned S3 PUT, and {@code GET} of a download URL answers a
 * stored file (an export), like a presigned S3 GET. URLs are signed by a per-process key over the
 * method, the key and the expiry: refused when tampered with, used with another method or expired
 * (403 as S3 answers). Files are transient, so they do not survive a restart.
 */
final class LocalUploadStore implements UploadStore, HttpHandler {
    static final String PATH = "/_local/uploads/";

    private final URI base;
    private final Clock clock;
    private final byte[] signingKey = new byte[32];
    private final Map<String, StoredFile> files = new ConcurrentHashMap<>();

    LocalUploadStore(URI base, Clock clock) {
        this.base = base;
        this.clock = clock;
        new SecureRandom().nextBytes(signingKey);
    }

    @Override
    public URI uploadUrl(String key, long size, Instant expiresAt) {
        long expires = expiresAt.getEpochSecond();
        return base.resolve(PATH + key + "?expires=" + expires + "&size=" + size + "&signature=" + signature("PUT", key, expires, size));
    }

    @Override
    public URI downloadUrl(String key, Instant expiresAt, String fileName) {
        long expires = expiresAt.getEpochSecond();
        return base.resolve(PATH + key + "?expires=" + expires + "&signature=" + signature("GET", key, expires, null));
    }

    @Override
    public void put(String key, Path file, String contentType) {
        try {
            files.put(key, new StoredFile(Files.readAllBytes(file), contentType));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public OptionalLong size(String key) {
        StoredFile file = files.get(key);
        return file == null ? OptionalLong.empty() : OptionalLong.of(file.bytes().length);
    }

    @Override
    public StoredFile read(String key) {
        return files.get(key);
    }

    @Override
    public void delete(String key) {
        files.remove(key);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String key = exchange.getRequestURI().getPath().substring(PATH.length());
            Map<String, String> query = Objects.requireNonNullElse(
                    LocalApi.queryParameters(exchange.getRequestURI().getRawQuery()), Map.of());
            String method = exchange.getRequestMethod();
            if (!method.equals("PUT") && !method.equals("GET")) {
                LocalProblem.methodNotAllowed(exchange, "GET, PUT", "PUT uploads a file here and GET downloads one");
                return;
            }
            long expires;
            try {
                expires = Long.parseLong(query.getOrDefault("expires", ""));
            } catch (NumberFormatException e) {
                LocalProblem.write(exchange, 400, "the URL has no valid expires parameter: use a URL from POST /v1/imports/uploads");
                return;
            }
            // A PUT is signed with the size it takes; a URL without one (a download URL) was not signed for a PUT.
            Long size = method.equals("PUT") ? declaredSize(query.get("size")) : null;
            if ((method.equals("PUT") && size == null) || !MessageDigest.isEqual(signature(method, key, expires, size).getBytes(StandardCharsets.US_ASCII),
                    query.getOrDefault("signature", "").getBytes(StandardCharsets.US_ASCII))) {
                LocalProblem.write(exchange, 403, "the upload URL's signature does not match");
                return;
            }
            if (clock.instant().getEpochSecond() > expires) {
                LocalProblem.write(exchange, 403, "the URL has expired: request a new one");
                return;
            }
            if (method.equals("GET")) {
                StoredFile file = files.get(key);
                if (file == null) {
                    LocalProblem.write(exchange, 404, "no such file");
                    return;
                }
                String name = key.substring(key.lastIndexOf('/') + 1);
                exchange.getResponseHeaders().add("Content-Type", file.contentType());
                exchange.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"customers-" + name + "\"");
                exchange.sendResponseHeaders(200, file.bytes().length == 0 ? -1 : file.bytes().length);
                exchange.getResponseBody().write(file.bytes());
                return;
            }
            // as S3 with a signed Content-Length: a file of another size than the one signed is refused
            byte[] body = exchange.getRequestBody().readNBytes((int) Math.min(size + 1, ImportUploads.MAX_UPLOAD_BYTES + 1));
            if (body.length != size) {
                LocalProblem.write(exchange, 403, "this URL takes a file of exactly " + size + " bytes, as declared when it was requested");
                return;
            }
            files.put(key, new StoredFile(body, exchange.getRequestHeaders().getFirst("Content-Type")));
            LocalApi.write(exchange, 200, Map.of(), "");
        }
    }

    /** Over the method, the key, the expiry and, for uploads, the size ({@code null} for downloads). */
    private static Long declaredSize(String size) {
        try {
            return size == null ? null : Long.valueOf(size);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String signature(String method, String key, long expires, Long size) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            String signed = method + "\n" + key + "\n" + expires + "\n" + size;
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
