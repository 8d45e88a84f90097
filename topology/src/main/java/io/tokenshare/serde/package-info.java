/**
 * Avro serialization compatible on the wire and in configuration with Confluent's
 * {@code KafkaAvroSerializer}/{@code KafkaAvroDeserializer} (magic byte 0, 4-byte big-endian schema id,
 * Avro binary), and the schema-registry clients behind it: an HTTP client of the Confluent REST API v1
 * (also served by Apicurio's ccompat API) and an in-memory registry for {@code mock://} URLs.
 */
package io.tokenshare.serde;
