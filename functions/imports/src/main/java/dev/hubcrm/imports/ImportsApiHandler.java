package dev.hubcrm.imports;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.hubcrm.config.AppContext;
import dev.hubcrm.customers.CustomerCsv;
import dev.hubcrm.customers.CustomerJson;
import dev.hubcrm.http.ApiException;
import dev.hubcrm.http.ApiPipeline;
import dev.hubcrm.http.Reply;
import dev.hubcrm.routes.LambdaFunction;
import java.util.Map;

/**
 * imports (API): customers in and out as files. {@code GET /v1/customers/export} answers CSV;
 * {@code POST /v1/imports} takes a CSV or XLSX file as the request body (the route
 * allows 10 MB), checks it whole and queues its rows (202); {@code GET /v1/imports/{id}} shows the
 * progress.
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
                    byte[] file = request.bytes();
                    ImportFormat format;
                    try {
                        format = ImportFormat.detect(request.header("Content-Type").orElse(null), file);
                    } catch (UnsupportedFileException e) {
                        throw new ApiException(415, "Unsupported media type", e.getMessage());
                    }
                    ImportJob job = imports.start(request.hubId(), file, format, request.onlyFlag("dryRun", "imports"));
                    return Reply.json(202, ImportJson.toJson(job)).withHeader("Location", "/v1/imports/" + job.id());
                },
                "GET /v1/imports/{id}", request ->
                        Reply.ok(ImportJson.toJson(imports.get(request.hubId(), request.pathParameter("id")))),
                "GET /v1/customers/export", request -> Reply.text(CustomerCsv.MEDIA_TYPE,
                        app.customers().exportCsv(request.hubId(),
                                app.segments().checked(request.hubId(), CustomerJson.listFilter(request))))));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.handle(event, context);
    }
}
