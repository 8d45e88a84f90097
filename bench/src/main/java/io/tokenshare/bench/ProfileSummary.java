package io.tokenshare.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the stream threads' time goes, from the execution samples (threads running Java code) and
 * native-method samples (threads inside JNI, e.g. RocksDB, or waiting on the network) of a JFR
 * recording. "Areas" are inclusive (a sample counts for every area it has a frame in); "self" figures
 * count the sample's top frame only.
 *
 * @param streamThreadSamples samples of stream threads, Java and native
 * @param nativeShare         share of those samples taken inside native code
 * @param areas               area → share of stream-thread samples with a frame in it, in a fixed order
 * @param topSelfMethods      method → share of stream-thread samples with it on top, largest first
 * @param topSelfPackages     package → share of stream-thread samples with a method of it on top
 * @param samplesByThreadKind thread kind (stream, producer network, ...) → samples, to see work outside the stream threads
 */
record ProfileSummary(
        long streamThreadSamples,
        double nativeShare,
        Map<String, Double> areas,
        Map<String, Double> topSelfMethods,
        Map<String, Double> topSelfPackages,
        Map<String, Long> samplesByThreadKind) {

    private static final int TOP = 15;
    private static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
    private static final String NATIVE_SAMPLE = "jdk.NativeMethodSample";
    private static final String STREAM_THREADS = "stream threads";

    /** Areas of the pipeline's per-record work, each recognized by a frame on the stack. */
    private static final Map<String, Predicate<RecordedFrame>> AREAS = areaMatchers();

    /** Reads a recording written by {@link PipelineProcess}. */
    static ProfileSummary of(Path recording) throws IOException {
        Tally tally = new Tally();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            String type = event.getEventType().getName();
            if (type.equals(EXECUTION_SAMPLE) || type.equals(NATIVE_SAMPLE)) {
                tally.add(event, type.equals(NATIVE_SAMPLE));
            }
        }
        return tally.summary();
    }

    private static Map<String, Predicate<RecordedFrame>> areaMatchers() {
        Map<String, Predicate<RecordedFrame>> areas = new LinkedHashMap<>();
        areas.put("idle: waiting for records (epoll)", method("sun.nio.ch.EPoll", "wait"));
        areas.put("consumer poll (fetch, network wait)", method("org.apache.kafka.clients.consumer.", "poll"));
        areas.put("Avro decode (ConfluentAvroDeserializer)", type("io.tokenshare.serde.ConfluentAvroDeserializer"));
        areas.put("Avro encode (ConfluentAvroSerializer)", type("io.tokenshare.serde.ConfluentAvroSerializer"));
        areas.put("RocksDB (JNI)", type("org.rocksdb."));
        areas.put("ingest: validate + de-duplicate", type("io.tokenshare.ingest.IngestProcessor"));
        areas.put("  of which de-duplication lookup", method("io.tokenshare.ingest.IngestProcessor", "isDuplicate"));
        areas.put(
                "window aggregate (model-week)",
                type("org.apache.kafka.streams.kstream.internals.KStreamWindowAggregate"));
        areas.put("share stage", type("io.tokenshare.share."));
        areas.put("  of which attribution (global origin table)", type("io.tokenshare.share.OriginReattribution"));
        areas.put("record cache (ThreadCache)", type("org.apache.kafka.streams.state.internals.ThreadCache"));
        areas.put("changelog logging", type("org.apache.kafka.streams.state.internals.ChangeLogging"));
        areas.put(
                "producer send (sinks, changelogs, repartitions)",
                method("org.apache.kafka.clients.producer.KafkaProducer", "send"));
        areas.put(
                "commit / transactions", method("org.apache.kafka.streams.processor.internals.TaskManager", "commit"));
        areas.put("metrics and sensors", type("org.apache.kafka.common.metrics."));
        return areas;
    }

    private static Predicate<RecordedFrame> type(String classPrefix) {
        return frame -> frame.getMethod() != null
                && frame.getMethod().getType().getName().startsWith(classPrefix);
    }

    private static Predicate<RecordedFrame> method(String classPrefix, String methodPrefix) {
        return frame ->
                type(classPrefix).test(frame) && frame.getMethod().getName().startsWith(methodPrefix);
    }

    /** Thread kinds by Kafka's thread names; a client thread's name embeds its stream thread's, so those come first. */
    static String threadKind(String threadName) {
        if (threadName == null) {
            return "unknown";
        }
        if (threadName.contains("kafka-producer-network-thread")) {
            return "producer network threads";
        }
        if (threadName.contains("consumer_background") || threadName.contains("kafka-coordinator-heartbeat")) {
            return "consumer background threads";
        }
        if (threadName.contains("StateUpdater")) {
            return "state updater";
        }
        // It polls model-origins and idles in epoll nearly all the time: counted apart, not as stream work.
        if (threadName.contains("GlobalStreamThread")) {
            return "global stream thread";
        }
        if (threadName.contains("StreamThread")) {
            return STREAM_THREADS;
        }
        return "other";
    }

    /** Counts samples as the recording is read. */
    private static final class Tally {

        private final Map<String, Long> byThreadKind = new HashMap<>();
        private final Map<String, Long> byArea = new HashMap<>();
        private final Map<String, Long> bySelfMethod = new HashMap<>();
        private final Map<String, Long> bySelfPackage = new HashMap<>();
        private long streamSamples;
        private long nativeSamples;

        void add(RecordedEvent event, boolean isNative) {
            String thread = event.getThread("sampledThread") == null
                    ? null
                    : event.getThread("sampledThread").getJavaName();
            String kind = threadKind(thread);
            byThreadKind.merge(kind, 1L, Long::sum);
            RecordedStackTrace stack = event.getStackTrace();
            if (!kind.equals(STREAM_THREADS)
                    || stack == null
                    || stack.getFrames().isEmpty()) {
                return;
            }
            streamSamples++;
            if (isNative) {
                nativeSamples++;
            }
            List<RecordedFrame> frames = stack.getFrames();
            AREAS.forEach((area, matches) -> {
                if (frames.stream().anyMatch(matches)) {
                    byArea.merge(area, 1L, Long::sum);
                }
            });
            RecordedFrame top = frames.get(0);
            if (top.getMethod() != null) {
                String type = top.getMethod().getType().getName();
                bySelfMethod.merge(type + "." + top.getMethod().getName(), 1L, Long::sum);
                int dot = type.lastIndexOf('.');
                bySelfPackage.merge(dot < 0 ? "(default)" : type.substring(0, dot), 1L, Long::sum);
            }
        }

        ProfileSummary summary() {
            return new ProfileSummary(
                    streamSamples,
                    share(nativeSamples),
                    sharesInAreaOrder(),
                    top(bySelfMethod),
                    top(bySelfPackage),
                    byThreadKind);
        }

        private Map<String, Double> sharesInAreaOrder() {
            Map<String, Double> shares = new LinkedHashMap<>();
            AREAS.keySet().forEach(area -> shares.put(area, share(byArea.getOrDefault(area, 0L))));
            return shares;
        }

        private Map<String, Double> top(Map<String, Long> counts) {
            List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
            entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()));
            Map<String, Double> top = new LinkedHashMap<>();
            entries.stream().limit(TOP).forEach(e -> top.put(e.getKey(), share(e.getValue())));
            return top;
        }

        private double share(long samples) {
            return streamSamples == 0 ? 0 : (double) samples / streamSamples;
        }
    }
}
