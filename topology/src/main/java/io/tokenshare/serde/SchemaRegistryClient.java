package io.tokenshare.serde;

import org.apache.avro.Schema;

/**
 * Access to a schema registry behind one small interface, so that the serde works the same against a
 * real registry ({@link HttpSchemaRegistryClient}) and an in-process one ({@link InMemorySchemaRegistry}).
 * Every failure is a {@link SchemaRegistryException} carrying the registry's status and error code.
 * Implementations are thread-safe.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /**
     * Registers {@code schema} under {@code subject}, or finds it there when it already is.
     *
     * @return the schema's global id; registering the same schema twice returns the same id
     */
    int register(String subject, Schema schema);

    /** The schema with the given global id; fails with {@link SchemaRegistryException#SCHEMA_NOT_FOUND} when none. */
    Schema schemaById(int id);

    /**
     * The global id of {@code schema} under {@code subject}, without registering it. Fails with
     * {@link SchemaRegistryException#SUBJECT_NOT_FOUND} or {@link SchemaRegistryException#SCHEMA_NOT_FOUND}
     * when absent.
     */
    int idOf(String subject, Schema schema);

    /** The newest version registered under {@code subject}; fails with {@link SchemaRegistryException#SUBJECT_NOT_FOUND} when none. */
    RegisteredSchema latest(String subject);

    /**
     * Whether {@code schema} could be registered under {@code subject} now: checked against the latest
     * version (or all versions, for the transitive levels) at the subject's compatibility level, or the
     * global level when the subject has none. True when the subject has no version yet.
     */
    boolean isCompatible(String subject, Schema schema);

    /**
     * Sets the compatibility level of {@code subject}, or the global default when {@code subject} is null.
     *
     * @param level one of NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE
     */
    void setCompatibility(String subject, String level);

    /** Releases what this client holds; never throws. */
    @Override
    void close();
}
