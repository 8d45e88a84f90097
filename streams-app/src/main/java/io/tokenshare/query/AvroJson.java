package io.tokenshare.query;

import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;

/**
 * Turns any Avro record into plain JSON values, field by field from its schema: names in camelCase like
 * the rest of the API, enums and strings as text, dates and instants in ISO form. Lets the API show
 * records whose generated class it does not compile against.
 */
final class AvroJson {

    private AvroJson() {}

    /** The record's fields in schema order. */
    static Map<String, Object> toMap(IndexedRecord record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            fields.put(camelCase(field.name()), value(record.get(field.pos())));
        }
        return fields;
    }

    /** {@code week_start} becomes {@code weekStart}. */
    static String camelCase(String snake) {
        StringBuilder camel = new StringBuilder(snake.length());
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = camel.length() > 0;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }

    private static Object value(Object value) {
        if (value instanceof IndexedRecord record) {
            return toMap(record);
        }
        if (value instanceof CharSequence
                || value instanceof Enum<?>
                || value instanceof GenericEnumSymbol<?>
                || value instanceof TemporalAccessor) {
            return value.toString();
        }
        if (value instanceof Collection<?> items) {
            List<Object> list = new ArrayList<>(items.size());
            items.forEach(item -> list.add(value(item)));
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> json = new LinkedHashMap<>();
            map.forEach((k, v) -> json.put(k.toString(), value(v)));
            return json;
        }
        return value;
    }
}
