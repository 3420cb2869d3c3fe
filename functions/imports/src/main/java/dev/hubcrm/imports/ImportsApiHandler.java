package dev.hubcrm.imports;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hubcrm.common.ValidationException;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.customers.CustomerCsv;
import dev.hubcrm.customers.CustomerFilter;
import dev.hubcrm.customers.CustomerJson;
import dev.hubcrm.exports.ExportJob;
import dev.hubcrm.exports.ExportJson;
import dev.hubcrm.exports.ExportService;
import dev.hubcrm.http.ApiException;
import dev.hubcrm.http.ApiPipeline;
import dev.hubcrm.http.ApiRequest;
import dev.hubcrm.http.Reply;
import dev.hubcrm.routes.LambdaFunction;
import java.util.Map;
import java.util.Optional;

/**
 * imports (API): customers in and out as files. {@code GET /v1/customers/export} answers CSV, or
 * for more than {@link ExportService#DIRECT_MAX_CUSTOMERS} customers an export job (202) that
 * {@code GET /v1/exports/{id}} follows to its download URL;
 * {@code POST /v1/imports} takes a CSV or XLSX file as the request body (the route
 * allows 4.5 MB: what one Lambda invocation takes once API Gateway has base64-encoded it) or, for larger files, as an upload ({@code POST /v1/imports/uploads} gives a URL
 * to PUT the file to, then {@code ?uploadId=}), checks it whole and queues its rows (202);
 * {@code GET /v1/imports/{id}} shows the progress.
 */
public final class ImportsApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final ApiPipeline api;

    public ImportsApiHandler() {
        this(AppContext.fromEnvironment());
    }

    public ImportsApiHandler(AppContext app) {
        ImportService imports = app.imports();
        api = app.pipeline(LambdaFunction.IMPORTS_API, Map.of(
                "POST /v1/imports", request -> {
                    Optional<String> uploadId = request.queryParameter("uploadId");
                    UploadStore.StoredFile file = uploadId.isPresent()
                            ? uploaded(app.uploads(), request, uploadId.get())
                            : new UploadStore.StoredFile(request.bytes(), request.header("Content-Type").orElse(null));
                    ImportFormat format;
                    try {
                        format = ImportFormat.detect(file.contentType(), file.bytes());
                    } catch (UnsupportedFileException e) {
                        throw new ApiException(415, "Unsupported media type", e.getMessage());
                    }
                    boolean dryRun = dryRun(request);
                    ImportJob job = imports.start(request.hubId(), file.bytes(), format, dryRun);
                    if (uploadId.isPresent() && !dryRun) {
                        app.uploads().delete(request.hubId(), uploadId.get());
                    }
                    return Reply.json(202, ImportJson.toJson(job)).withHeader("Location", "/v1/imports/" + job.id());
                },
                "POST /v1/imports/uploads", request -> {
                    ImportUploads.Upload upload = app.uploads().create(request.hubId(),
                            request.hasBody() ? ImportJson.uploadSize(request.json()) : null);
                    return Reply.json(201, ImportJson.toJson(upload)).withHeader("Location", upload.uploadUrl().toString());
                },
                "GET /v1/imports/{id}", request ->
                        Reply.ok(ImportJson.toJson(imports.get(request.hubId(), request.pathParameter("id")))),
                "GET /v1/customers/export", request -> {
                    CustomerFilter filter = app.segments().checked(request.hubId(), CustomerJson.listFilter(request));
                    return switch (app.exports().export(request.hubId(), filter, respondAsync(request))) {
                        case ExportService.Answer.Csv csv -> Reply.text(CustomerCsv.MEDIA_TYPE, csv.text());
                        case ExportService.Answer.Queued queued -> Reply.json(202, ExportJson.accepted(queued.job()))
                                .withHeader("Location", "/v1/exports/" + queued.job().id());
                    };
                },
                "GET /v1/exports/{id}", request -> {
                    ExportJob job = app.exports().get(request.hubId(), request.pathParameter("id"));
                    return Reply.ok(ExportJson.toJson(job, app.exports().download(request.hubId(), job)));
                }));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.handle(event, context);
    }

    /** A file uploaded before (a dry run keeps it for the import that follows); the request must not carry another. */
    private static UploadStore.StoredFile uploaded(ImportUploads uploads, ApiRequest request, String uploadId) {
        if (request.bytes().length > 0) {
            throw ValidationException.of("uploadId", "send the file either as the request body or as an upload, not both");
        }
        return uploads.read(request.hubId(), uploadId);
    }

    /** {@code Prefer: respond-async} (RFC 7240): the export job even when the CSV would fit in the answer. */
    private static boolean respondAsync(ApiRequest request) {
        return request.header("Prefer").stream()
                .flatMap(value -> java.util.Arrays.stream(value.split(",")))
                .map(preference -> preference.split(";", 2)[0].strip())
                .anyMatch(ExportService.RESPOND_ASYNC::equalsIgnoreCase);
    }

    private static boolean dryRun(ApiRequest request) {
        request.queryParameterNames().stream().filter(name -> !name.equals("dryRun") && !name.equals("uploadId")).findFirst()
                .ifPresent(name -> {
                    throw ValidationException.of(name, "is not a parameter of imports; they are dryRun=true|false and uploadId");
                });
        return switch (request.queryParameter("dryRun").orElse("false")) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ValidationException.of("dryRun", "must be true or false");
        };
    }
}
