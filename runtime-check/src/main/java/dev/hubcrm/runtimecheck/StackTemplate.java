package dev.hubcrm.runtimecheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The functions of a synthesized stack as Lambda would run them: handler string, memory, timeout,
 * environment and code (the asset the template's {@code S3Key} names, found through the cloud
 * assembly's asset manifest), nothing copied by hand.
 */
record StackTemplate(List<FunctionDefinition> functions, Map<String, String> resourceTypes, Map<String, String> parameters,
        JsonNode conditions) {

    /** One {@code AWS::Lambda::Function}, its environment still holding CloudFormation intrinsics. */
    record FunctionDefinition(String logicalId, String handler, int memoryMb, int timeoutSeconds, Path jar,
            Map<String, JsonNode> environment, boolean snapStart) {

        /** The handler's class name: what the runtime loads. */
        String handlerClass() {
            int separator = handler.indexOf("::");
            return separator < 0 ? handler : handler.substring(0, separator);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param parameterValues values for the template's parameters, as {@code cdk deploy --parameters} gives
     *                        them; a parameter without one takes its default, one without either is a failure
     */
    static StackTemplate read(Path assemblyDir, String stackName, Map<String, String> parameterValues) throws IOException {
        JsonNode template = JSON.readTree(Files.readString(assemblyDir.resolve(stackName + ".template.json")));
        JsonNode assets = JSON.readTree(Files.readString(assemblyDir.resolve(stackName + ".assets.json"))).path("files");
        Map<String, Path> assetByKey = new LinkedHashMap<>();
        assets.properties().forEach(asset -> asset.getValue().path("destinations").forEach(destination ->
                assetByKey.put(destination.path("objectKey").asText(),
                        assemblyDir.resolve(asset.getValue().path("source").path("path").asText()))));
        List<FunctionDefinition> functions = new ArrayList<>();
        Map<String, String> resourceTypes = new LinkedHashMap<>();
        template.path("Resources").properties().forEach(resource -> {
            JsonNode value = resource.getValue();
            resourceTypes.put(resource.getKey(), value.path("Type").asText());
            if (!value.path("Type").asText().equals("AWS::Lambda::Function")) {
                return;
            }
            JsonNode properties = value.path("Properties");
            String key = properties.path("Code").path("S3Key").asText();
            Path jar = assetByKey.get(key);
            if (jar == null || !Files.isRegularFile(jar)) {
                throw new IllegalStateException(resource.getKey() + ": its code " + key + " is no file of the cloud assembly");
            }
            Map<String, JsonNode> environment = new LinkedHashMap<>();
            properties.path("Environment").path("Variables").properties()
                    .forEach(variable -> environment.put(variable.getKey(), variable.getValue()));
            functions.add(new FunctionDefinition(resource.getKey(), properties.path("Handler").asText(),
                    properties.path("MemorySize").asInt(128), properties.path("Timeout").asInt(3), jar, environment,
                    properties.path("SnapStart").path("ApplyOn").asText().equals("PublishedVersions")));
        });
        if (functions.isEmpty()) {
            throw new IllegalStateException("the template declares no AWS::Lambda::Function");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        template.path("Parameters").properties().forEach(parameter -> {
            String value = parameterValues.get(parameter.getKey());
            if (value == null && parameter.getValue().has("Default")) {
                value = parameter.getValue().get("Default").asText();
            }
            if (value != null) {
                parameters.put(parameter.getKey(), value);
            }
        });
        return new StackTemplate(functions, resourceTypes, parameters, template.path("Conditions"));
    }

    /**
     * The value CloudFormation would give {@code value}: strings as they are; parameters; {@code Ref}s and
     * {@code Fn::GetAtt}s of the stack's resources through {@code resources} (logical id → local value);
     * pseudo parameters; {@code Fn::Join}, {@code Fn::If} over {@code Fn::Equals} conditions. Anything
     * else is a failure, never a guess.
     */
    String resolve(JsonNode value, Function<String, String> resources, String region) {
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        if (value.has("Ref")) {
            String ref = value.get("Ref").asText();
            return switch (ref) {
                case "AWS::Region" -> region;
                case "AWS::URLSuffix" -> "amazonaws.com";
                case "AWS::AccountId" -> "000000000000";
                case "AWS::Partition" -> "aws";
                default -> parameters.containsKey(ref) ? parameters.get(ref) : resourceTypes.containsKey(ref) ? resources.apply(ref)
                        : fail("the parameter " + ref + " has no value and no default");
            };
        }
        if (value.has("Fn::GetAtt")) {
            JsonNode getAtt = value.get("Fn::GetAtt");
            return resources.apply(getAtt.get(0).asText() + "." + getAtt.get(1).asText());
        }
        if (value.has("Fn::Join")) {
            JsonNode join = value.get("Fn::Join");
            List<String> parts = new ArrayList<>();
            join.get(1).forEach(part -> parts.add(resolve(part, resources, region)));
            return String.join(join.get(0).asText(), parts);
        }
        if (value.has("Fn::If")) {
            JsonNode branches = value.get("Fn::If");
            JsonNode condition = conditions.path(branches.get(0).asText()).path("Fn::Equals");
            if (!condition.isArray()) {
                return fail("no Fn::Equals condition " + branches.get(0));
            }
            boolean equal = resolve(condition.get(0), resources, region).equals(resolve(condition.get(1), resources, region));
            return resolve(branches.get(equal ? 1 : 2), resources, region);
        }
        return fail("no local value for " + value);
    }

    private static String fail(String message) {
        throw new IllegalStateException(message);
    }
}
