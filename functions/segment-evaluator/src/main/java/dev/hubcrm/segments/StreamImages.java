package dev.hubcrm.segments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Stream record images (the Lambda events library's attribute values) as the SDK's attribute
 * values, so that the repositories' item readers read them as they read items.
 */
final class StreamImages {
    private StreamImages() {
    }

    static Map<String, AttributeValue> item(Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image) {
        if (image == null) {
            return null;
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        image.forEach((name, value) -> item.put(name, value(value)));
        return item;
    }

    private static AttributeValue value(com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue value) {
        if (value.getS() != null) {
            return AttributeValue.fromS(value.getS());
        }
        if (value.getN() != null) {
            return AttributeValue.fromN(value.getN());
        }
        if (value.getBOOL() != null) {
            return AttributeValue.fromBool(value.getBOOL());
        }
        if (value.getM() != null) {
            return AttributeValue.fromM(item(value.getM()));
        }
        if (value.getL() != null) {
            return AttributeValue.fromL(value.getL().stream().map(StreamImages::value).toList());
        }
        if (value.getSS() != null) {
            return AttributeValue.fromSs(List.copyOf(value.getSS()));
        }
        if (value.getNS() != null) {
            return AttributeValue.fromNs(List.copyOf(value.getNS()));
        }
        if (value.getB() != null) {
            return AttributeValue.fromB(SdkBytes.fromByteBuffer(value.getB()));
        }
        if (value.getBS() != null) {
            return AttributeValue.fromBs(value.getBS().stream().map(SdkBytes::fromByteBuffer).toList());
        }
        return AttributeValue.fromNul(true);
    }
}
