package io.tokenshare.bench;

import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.serde.AvroSerdeConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What every pipeline run of one benchmark shares: the broker, the work directory, the registry's ids,
 * the user's configuration overrides and the pipeline JVM's options.
 *
 * @param bootstrap      the embedded broker's address
 * @param workDir        where specs, logs, recordings and state directories go
 * @param topicPrefixes  the topic prefixes of the runs, in the order their schemas were registered
 * @param schemaIds      subject → id of the boundary schemas
 * @param overrides      configuration for the app, over its defaults ({@code --set})
 * @param jvmOptions     options of the pipeline JVM
 * @param profile        whether to record a JFR profile of each run
 */
record RunContext(
        String bootstrap,
        Path workDir,
        List<String> topicPrefixes,
        Map<String, Integer> schemaIds,
        Map<String, String> overrides,
        List<String> jvmOptions,
        boolean profile) {

    /**
     * The app's configuration for one run: a fresh application.id and state directory, so that no run
     * reuses another's offsets or stores, then the user's overrides.
     */
    Map<String, String> appConfig(String runName, int streamThreads, String topicPrefix) {
        Map<String, String> config = new HashMap<>();
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(
                StreamsConfig.APPLICATION_ID_CONFIG, "tokenshare-bench-" + runName + "-" + System.currentTimeMillis());
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir(runName).toString());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(streamThreads));
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, AvroSerdeConfig.MOCK_URL_PREFIX + BenchRegistry.SCOPE);
        config.put(TokenshareSettings.TOPIC_PREFIX, topicPrefix);
        config.putAll(overrides);
        return config;
    }

    Path stateDir(String runName) {
        return workDir.resolve("state-" + runName);
    }

    /** The app's tokenshare settings as the overrides make them, for the plain loop's horizon and grace. */
    TokenshareSettings settings() {
        return TokenshareSettings.fromProperties(overrides);
    }
}
