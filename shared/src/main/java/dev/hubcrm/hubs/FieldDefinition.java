package dev.hubcrm.hubs;

import java.util.List;
import java.util.Locale;

/** A custom customer field a hub defines; customers' {@code fields} are checked against these. */
public record FieldDefinition(String name, Type type, List<String> choices, boolean required) {

    public enum Type {
        TEXT, NUMBER, DATE, BOOLEAN, CHOICE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The type for its wire name, or null when there is none. */
        public static Type fromWire(String value) {
            for (Type type : values()) {
                if (type.wire().equals(value)) {
                    return type;
                }
            }
            return null;
        }
    }
}
