package io.tokenshare.bench;

import java.util.List;
import java.util.Map;

/**
 * What the pipeline JVM is to run, written by the benchmark as JSON and read by {@link PipelineProcess}.
 *
 * @param appConfig       the configuration handed to {@code TokenshareApp.start}
 * @param expectedRecords records the app must read before it reports "all read"; 0 for a paced run without an end
 * @param topicPrefixes   the topic prefixes whose boundary schemas the benchmark registered, in its order
 * @param schemaIds       subject → id as the benchmark's registry gave them, to be matched
 * @param jfrFile         where to write a JFR recording of the run, or null for none
 */
record PipelineSpec(
        Map<String, String> appConfig,
        long expectedRecords,
        List<String> topicPrefixes,
        Map<String, Integer> schemaIds,
        String jfrFile) {}
