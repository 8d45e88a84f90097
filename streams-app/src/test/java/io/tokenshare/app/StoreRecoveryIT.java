package io.tokenshare.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tokenshare.avro.internal.ModelWeekUsage;
import io.tokenshare.config.StoreNames;
import io.tokenshare.config.TopicLayout;
import io.tokenshare.config.Topics;
import io.tokenshare.embedded.EmbeddedKafka;
import io.tokenshare.serde.InMemorySchemaRegistry;
import io.tokenshare.testsupport.StreamsLiveness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * After a {@code kill -9}, RocksDB may refuse to open a store ("While creating a new Db, wal_dir contains
 * existing log file"), and {@code run} used to exit. Here a store directory is left in exactly that state
 * between two runs of the app on a real broker: the second run wipes it, restores from the changelogs
 * and serves the same figures. A run that did not close cleanly leaves no marker, and the next one starts from
 * the changelogs without opening the stores it left.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class StoreRecoveryIT {

    private static final Topics TOPICS = Topics.unprefixed();
    private static final int EVENTS = 200;

    private static EmbeddedKafka kafka;
    private static String scope;
    /** The tokens of the events both tests' applications read, each under its own application id. */
    private static long expectedTokens;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        scope = "store-recovery-" + UUID.randomUUID();
        kafka.createTopics(TopicLayout.of(TOPICS, 2).newTopics(Optional.of((short) 1)));
        expectedTokens = publishEvents();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
        InMemorySchemaRegistry.dropScope(scope);
    }

    @Test
    void aStoreRocksDbRefusesToOpenIsWipedAndRestoredInsteadOfStoppingTheApp() throws Exception {
        Path stateDir = Files.createTempDirectory("store-recovery-state");
        Map<String, Object> config = appConfig("store-recovery", stateDir);

        try (TokenshareApp first = TokenshareApp.start(config)) {
            await().atMost(Duration.ofMinutes(2)).until(() -> first.accounting().counted() == EVENTS);
            await().atMost(Duration.ofMinutes(1)).until(() -> tokensInWindowStore(first) == expectedTokens);
        }
        List<Path> stores = rocksDbStoreDirectories(stateDir);
        assertThat(stores).isNotEmpty();
        leaveAsAfterAKill(stores.get(0));

        Logger policyLog = (Logger) LoggerFactory.getLogger(TokenshareApp.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        policyLog.addAppender(captured);
        try (TokenshareApp second = TokenshareApp.start(config)) {
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> second.streams().state() == KafkaStreams.State.RUNNING
                            && tokensInWindowStore(second) == expectedTokens);
            assertThat(captured.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                    .contains(
                            "could not be opened",
                            "wal_dir contains existing log file",
                            "restored from its changelogs"));
            assertThat(StreamsLiveness.settledState(second.streams(), Duration.ofMinutes(1)))
                    .isEqualTo(KafkaStreams.State.RUNNING);
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> second.accounting().counted() == EVENTS);
            assertThat(second.accounting().read()).as("nothing read twice").isEqualTo(EVENTS);
        } finally {
            policyLog.detachAppender(captured);
        }
    }

    @Test
    void aRunThatDidNotCloseCleanlyStartsFromTheChangelogsWithoutOpeningItsStores() throws Exception {
        Path stateDir = Files.createTempDirectory("crashed-state");
        Map<String, Object> config = appConfig("crashed-state", stateDir);
        Path appState = stateDir.resolve("crashed-state");
        try (TokenshareApp first = TokenshareApp.start(config)) {
            await().atMost(Duration.ofMinutes(2)).until(() -> tokensInWindowStore(first) == expectedTokens);
            assertThat(appState.resolve(CrashedStateSweep.CLEAN_CLOSE_MARKER))
                    .as("no marker while running, so that a crash leaves none")
                    .doesNotExist();
        }
        assertThat(appState.resolve(CrashedStateSweep.CLEAN_CLOSE_MARKER)).exists();
        Path taskDir = rocksDbStoreDirectories(stateDir).get(0).getParent().getParent();
        Path sentinel = Files.writeString(taskDir.resolve("sentinel"), "kept across a clean restart");

        Logger appLog = (Logger) LoggerFactory.getLogger(TokenshareApp.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        appLog.addAppender(captured);
        try {
            try (TokenshareApp cleanRestart = TokenshareApp.start(config)) {
                await().atMost(Duration.ofMinutes(2)).until(() -> tokensInWindowStore(cleanRestart) == expectedTokens);
            }
            assertThat(sentinel).as("a clean close keeps the local state").exists();
            assertThat(captured.list).noneMatch(e -> e.getFormattedMessage().contains("did not close cleanly"));

            // What a kill -9 leaves: the marker was removed when the run started and never written again.
            Files.delete(appState.resolve(CrashedStateSweep.CLEAN_CLOSE_MARKER));
            try (TokenshareApp afterCrash = TokenshareApp.start(config)) {
                assertThat(sentinel)
                        .as("the crashed run's task directories are gone before Kafka Streams starts")
                        .doesNotExist();
                assertThat(captured.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                        .contains("did not close cleanly", "restored from their changelogs"));
                await().atMost(Duration.ofMinutes(2))
                        .until(() -> afterCrash.streams().state() == KafkaStreams.State.RUNNING
                                && tokensInWindowStore(afterCrash) == expectedTokens);
                await().atMost(Duration.ofMinutes(1))
                        .until(() -> afterCrash.accounting().counted() == EVENTS);
                assertThat(afterCrash.accounting().read())
                        .as("nothing read twice")
                        .isEqualTo(EVENTS);
            }
        } finally {
            appLog.detachAppender(captured);
        }
    }

    private static Map<String, Object> appConfig(String applicationId, Path stateDir) {
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", "mock://" + scope);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return config;
    }

    private static long publishEvents() {
        return SecondByEventTrickle.publish(
                kafka.bootstrapServers(), scope, TOPICS, SecondByEventTrickle.events("e", EVENTS, 5));
    }

    private static long tokensInWindowStore(TokenshareApp app) {
        try {
            ReadOnlyWindowStore<String, ModelWeekUsage> store = app.streams()
                    .store(StoreQueryParameters.fromNameAndType(
                            StoreNames.MODEL_WEEK_USAGE, QueryableStoreTypes.<String, ModelWeekUsage>windowStore()));
            long sum = 0;
            try (KeyValueIterator<Windowed<String>, ModelWeekUsage> all =
                    store.fetchAll(Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
                while (all.hasNext()) {
                    sum += all.next().value.getTokens();
                }
            }
            return sum;
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException notYet) {
            return -1;
        }
    }

    /** Key-value stores' RocksDB directories: {@code <state>/<app>/<task>/rocksdb/<store>}. */
    private static List<Path> rocksDbStoreDirectories(Path stateDir) throws IOException {
        try (Stream<Path> all = Files.walk(stateDir)) {
            return all.filter(p -> p.getParent() != null
                            && p.getParent().getFileName().toString().equals("rocksdb")
                            && Files.isDirectory(p))
                    .sorted()
                    .toList();
        }
    }

    /** What a kill -9 during a store's creation leaves: a write-ahead log, but no CURRENT or MANIFEST. */
    private static void leaveAsAfterAKill(Path store) throws IOException {
        try (Stream<Path> all = Files.walk(store)) {
            for (Path p : all.sorted(Comparator.reverseOrder())
                    .filter(p -> !p.equals(store))
                    .toList()) {
                Files.delete(p);
            }
        }
        Files.write(store.resolve("000004.log"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    }
}
