package io.tokenshare.alert.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenshare.avro.ShareAlert;
import java.time.temporal.Temporal;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * An alert as the JSON a webhook receives: the Avro record's fields under their schema names (snake_case), dates and
 * instants as ISO-8601 text, enums as their symbol. Walking the schema keeps the JSON in step with ShareAlert.avsc.
 */
public final class AlertJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AlertJson() {}

    /** The alert as a JSON document. */
    public static String write(ShareAlert alert) {
        try {
            return MAPPER.writeValueAsString(record(alert));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write alert " + alert.getAlertKey() + " as JSON", e);
        }
    }

    private static ObjectNode record(IndexedRecord record) {
        ObjectNode node = NODES.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            node.set(field.name(), value(record.get(field.pos())));
        }
        return node;
    }

    private static JsonNode value(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof IndexedRecord nested) {
            return record(nested);
        }
        if (value instanceof List<?> items) {
            ArrayNode array = NODES.arrayNode();
            items.forEach(item -> array.add(value(item)));
            return array;
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof Integer || value instanceof Long) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof Number number) {
            return NODES.numberNode(number.doubleValue());
        }
        if (value instanceof Temporal || value instanceof CharSequence || value instanceof Enum<?>) {
            return NODES.textNode(value.toString());
        }
        throw new IllegalArgumentException(
                "no JSON form for a " + value.getClass().getName() + " in an alert");
    }
}
