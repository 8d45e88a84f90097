package io.tokenshare.serde;

import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde that always (de)serializes as if for one topic, whatever topic Kafka Streams names. A
 * global store is restored from its source topic, so Kafka Streams hands the store's serde that topic's
 * name: with subjects named after topics, a store value of another type than the topic's records would
 * be registered under the topic's subject and refused as incompatible.
 *
 * @param <T> the value type
 */
public final class TopicPinnedSerde<T> implements Serde<T> {

    private final String topic;
    private final Serde<T> inner;

    private TopicPinnedSerde(String topic, Serde<T> inner) {
        this.topic = topic;
        this.inner = inner;
    }

    /** {@code inner}, always used with {@code topic}'s name (and so its subject). */
    public static <T> Serde<T> pin(String topic, Serde<T> inner) {
        return new TopicPinnedSerde<>(topic, inner);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        inner.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        Serializer<T> serializer = inner.serializer();
        return new Serializer<>() {
            @Override
            public byte[] serialize(String ignored, T data) {
                return serializer.serialize(topic, data);
            }

            @Override
            public byte[] serialize(String ignored, Headers headers, T data) {
                return serializer.serialize(topic, headers, data);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        Deserializer<T> deserializer = inner.deserializer();
        return new Deserializer<>() {
            @Override
            public T deserialize(String ignored, byte[] data) {
                return deserializer.deserialize(topic, data);
            }

            @Override
            public T deserialize(String ignored, Headers headers, byte[] data) {
                return deserializer.deserialize(topic, headers, data);
            }
        };
    }

    @Override
    public void close() {
        inner.close();
    }
}
