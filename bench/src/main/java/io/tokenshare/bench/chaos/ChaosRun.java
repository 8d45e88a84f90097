package io.tokenshare.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenshare.avro.ModelOrigin;
import io.tokenshare.avro.ShareRow;
import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.cli.WatermarkMarkers;
import io.tokenshare.config.TokenshareSettings;
import io.tokenshare.config.TopicLayout;
import io.tokenshare.config.Topics;
import io.tokenshare.export.AccountingReport;
import io.tokenshare.export.ClusterResults;
import io.tokenshare.export.TopicReader;
import io.tokenshare.serde.AvroSerdeConfig;
import io.tokenshare.serde.ConfluentAvroSerde;
import io.tokenshare.testsupport.ApicurioRegistry;
import io.tokenshare.testsupport.TcpPorts;
import io.tokenshare.window.IsoWeek;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One chaos run: a broker in its own JVM, N instances of {@code tokenshare run} in theirs, a gateway
 * producing at a fixed rate, and a schedule of {@code kill -9}s of instances (some losing their state
 * directory) and of the broker; then the weeks are closed and the results checked against the
 * producer's ground truth. See {@link ChaosCommand} for the options.
 */
final class ChaosRun {

    static final String APPLICATION_ID = "tokenshare-chaos";
    private static final Topics TOPICS = Topics.unprefixed();
    private static final Duration READY_PATIENCE = Duration.ofMinutes(5);
    private static final Duration KILL_WAITS_FOR_READY = Duration.ofSeconds(60);
    private static final long POLL_NANOS = Duration.ofMillis(200).toNanos();
    private static final Duration READY_HOLD = Duration.ofSeconds(3);
    private static final Duration WRONG_AND_SETTLED = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param duration       how long the gateway produces; the kills and broker restarts fall within it
     * @param instances      app instances
     * @param kills          {@code kill -9}s of instances
     * @param brokerRestarts {@code kill -9}s and restarts of the broker
     * @param brokerDown     how long the broker stays down
     * @param rate           events per second
     * @param weeks          ISO weeks the event times run through
     * @param keys           how the gateway keys its records
     * @param seed           decides the events
     * @param finalPatience  how long to wait, after the last record, for every week to be final and exact
     * @param appHeap        maximum heap of each instance, e.g. 384m
     * @param workDir        logs, state directories, broker data
     * @param restartDelay   how long a killed instance stays down before it is started again
     * @param appSettings    extra settings for every instance, e.g. session.timeout.ms
     * @param staticMembership whether each instance runs as a static member ({@code group.instance.id} of its name)
     * @param appJvmOptions  extra options for every instance's JVM, e.g. a flight recording
     */
    record Options(
            Duration duration,
            int instances,
            int kills,
            int brokerRestarts,
            Duration brokerDown,
            double rate,
            int weeks,
            KeyScheme keys,
            long seed,
            Duration finalPatience,
            String appHeap,
            Path workDir,
            Duration restartDelay,
            Map<String, String> appSettings,
            boolean staticMembership,
            List<String> appJvmOptions) {

        Options {
            appSettings = Map.copyOf(appSettings);
            appJvmOptions = List.copyOf(appJvmOptions);
            if (instances < 1 || kills < 0 || brokerRestarts < 0 || rate <= 0 || weeks < 4 || duration.isNegative()) {
                throw new IllegalArgumentException(
                        "need at least 1 instance, 4 weeks, a positive rate and no negative counts; got " + this);
            }
        }

        Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("durationSeconds", duration.toSeconds());
            map.put("instances", instances);
            map.put("kills", kills);
            map.put("brokerRestarts", brokerRestarts);
            map.put("brokerDownSeconds", brokerDown.toSeconds());
            map.put("ratePerSecond", rate);
            map.put("weeks", weeks);
            map.put("keys", keys.name().toLowerCase());
            map.put("seed", seed);
            map.put("appHeap", appHeap);
            map.put("workDir", workDir.toString());
            map.put("restartDelaySeconds", restartDelay.toSeconds());
            map.put("appSettings", new TreeMap<>(appSettings));
            map.put("staticMembership", staticMembership);
            map.put("appJvmOptions", appJvmOptions);
            return map;
        }
    }

    private final Options options;
    private final long startedAtMs = System.currentTimeMillis();
    private final List<ChaosReport.Kill> kills = new CopyOnWriteArrayList<>();
    private final List<ChaosReport.BrokerRestart> brokerRestarts = new CopyOnWriteArrayList<>();
    private final List<ChaosReport.SelfExit> selfExits = new CopyOnWriteArrayList<>();
    private final AtomicLong maxLag = new AtomicLong();
    private final List<Thread> watchers = new CopyOnWriteArrayList<>();
    private final List<AppInstance> instances = new ArrayList<>();
    private GroupWatch group;
    private volatile boolean brokerDown;
    private volatile boolean finished;

    ChaosRun(Options options) {
        this.options = options;
    }

    /** Runs it and returns what it found; the caller decides the exit code from {@link ChaosReport#passed()}. */
    ChaosReport run() throws Exception {
        Files.createDirectories(options.workDir());
        log("work directory " + options.workDir());
        try (ApicurioRegistry registry = ApicurioRegistry.start()) {
            ChaosBroker broker = new ChaosBroker(options.workDir(), TcpPorts.free());
            try {
                log("broker up in " + broker.start() + " ms at " + broker.bootstrapServers());
                return runAgainst(broker, registry.ccompatUrl());
            } finally {
                finished = true;
                for (AppInstance instance : instances) {
                    synchronized (instance) {
                        instance.stop();
                    }
                }
                if (group != null) {
                    group.close();
                }
                broker.stop();
            }
        }
    }

    private ChaosReport runAgainst(ChaosBroker broker, String registryUrl) throws Exception {
        String bootstrap = broker.bootstrapServers();
        Map<String, Object> serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        createTopics(bootstrap);
        publishOrigins(bootstrap, serdeConfig);
        group = new GroupWatch(
                bootstrap, APPLICATION_ID, TOPICS.tokenUsage(), TopicLayout.DEFAULT_TOKEN_USAGE_PARTITIONS);
        startInstances(bootstrap, registryUrl);

        ChaosMarket market = new ChaosMarket();
        GroundTruth truth = new GroundTruth();
        ChaosProducer.Plan plan = new ChaosProducer.Plan(
                Math.max(1, Math.round(options.rate() * options.duration().toSeconds())),
                options.rate(),
                calendarStart(),
                options.weeks(),
                options.keys(),
                options.seed());
        ChaosProducer producer = new ChaosProducer(
                plan,
                bootstrap,
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, serdeConfig).serializer(),
                TOPICS.tokenUsage(),
                market,
                truth);
        Thread gateway = new Thread(producer, "chaos-gateway");
        Thread supervisor = daemon("chaos-supervisor", this::supervise);
        Thread lagSampler = daemon("chaos-lag", () -> sampleLag(bootstrap));
        long producingSince = System.currentTimeMillis();
        log("gateway producing " + plan.events() + " events at " + options.rate() + "/s over " + options.weeks()
                + " weeks from " + plan.firstMonday() + ", keyed by "
                + options.keys().name().toLowerCase());
        gateway.start();
        supervisor.start();
        lagSampler.start();
        runSchedule(broker);
        gateway.join();
        long producedMs = Math.max(1, producer.finishedAtMs() - producingSince);
        log("gateway done: " + producer.acknowledged() + " of " + producer.sent() + " acknowledged, "
                + producer.failed() + " failed, " + producer.retried()
                + " sent again after the producer gave up on them");
        for (Thread watcher : watchers) {
            watcher.join();
        }
        finished = true;
        lagSampler.interrupt();

        Instant closing = WatermarkMarkers.closingTimeOf(
                plan.end().minusMillis(1), TokenshareSettings.defaultSettings().grace());
        int markers = WatermarkMarkers.send(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                ConfluentAvroSerde.forValues(TokenUsageEvent.class, serdeConfig).serializer(),
                TOPICS.tokenUsage(),
                closing);
        log("sent " + markers + " watermark markers at " + closing + "; waiting for every week to be final");

        Deserializer<ShareRow> rows =
                ConfluentAvroSerde.forValues(ShareRow.class, serdeConfig).deserializer();
        ClusterResults results = new ClusterResults(
                new TopicReader(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), Duration.ofSeconds(60)),
                TOPICS,
                rows,
                null);
        long finalSince = System.currentTimeMillis();
        long deadline = System.nanoTime() + options.finalPatience().toNanos();
        ShareCheck origin = null;
        ShareCheck model = null;
        long settledSince = System.nanoTime();
        while (true) {
            LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
            ShareCheck previousOrigin = origin;
            ShareCheck previousModel = model;
            origin = ShareCheck.of("origin", results.rowsOf(TOPICS.shareByOrigin()), truth.tokensByOrigin());
            model = ShareCheck.of("model", results.rowsOf(TOPICS.shareByModel()), truth.tokensByModel());
            if (origin.exact() && model.exact() || System.nanoTime() > deadline) {
                break;
            }
            // Every week final, yet wrong, and nothing changing any more: waiting longer will not make it right.
            if (!origin.equals(previousOrigin) || !model.equals(previousModel)) {
                settledSince = System.nanoTime();
            } else if (origin.notFinal() == 0
                    && model.notFinal() == 0
                    && origin.weeksSeen() == origin.weeksExpected()
                    && System.nanoTime() - settledSince > WRONG_AND_SETTLED.toNanos()) {
                break;
            }
        }
        double secondsToFinal =
                origin.exact() && model.exact() ? (System.currentTimeMillis() - finalSince) / 1000.0 : -1;
        log("shares " + (secondsToFinal >= 0 ? "final and exact after " + secondsToFinal + " s" : "NOT exact"));
        List<String> openTransactions = secondsToFinal >= 0 ? List.of() : OpenTransactions.describe(bootstrap);
        openTransactions.forEach(line -> log("open: " + line));

        AccountingReport fromTopics = results.accountingFromTopics();
        ChaosReport.Accounting accounting = new ChaosReport.Accounting(
                fromTopics.read(),
                fromTopics.deadLetters(),
                accountingHolds(fromTopics.read(), fromTopics.deadLetters(), truth));
        ChaosReport.ApiCheck api = compareApis();
        Map<String, Map<String, Double>> counters = instanceCounters();

        ChaosReport.Producer sent = new ChaosReport.Producer(
                producer.sent(),
                producer.acknowledged(),
                producer.failed(),
                producer.firstFailure(),
                producedMs / 1000.0,
                producer.acknowledged() * 1000.0 / producedMs);
        ChaosReport.Truth truthSummary = new ChaosReport.Truth(
                truth.records(),
                truth.counted(),
                truth.countedLate(),
                truth.resends(),
                truth.deadLettersByReason(),
                truth.tokens(),
                truth.tokensByOrigin().size());
        List<String> failures = failures(producer, origin, model, accounting, api);
        openTransactions.forEach(line -> failures.add("open when the run ended: " + line));
        return new ChaosReport(
                Instant.ofEpochMilli(startedAtMs)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString(),
                options.asMap(),
                kills.stream()
                        .sorted(java.util.Comparator.comparingDouble(ChaosReport.Kill::atSeconds))
                        .toList(),
                List.copyOf(brokerRestarts),
                List.copyOf(selfExits),
                recovery(),
                sent,
                truthSummary,
                origin,
                model,
                accounting,
                api,
                counters,
                maxLag.get(),
                secondsToFinal,
                failures);
    }

    /** The calendar ends at the start of last week, so that even its closing time lies in the past. */
    private LocalDate calendarStart() {
        LocalDate thisMonday = IsoWeek.containing(LocalDate.now(ZoneOffset.UTC)).monday();
        return thisMonday.minusWeeks(1L + options.weeks());
    }

    private void createTopics(String bootstrap) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(TopicLayout.of(TOPICS, TopicLayout.DEFAULT_TOKEN_USAGE_PARTITIONS)
                            .newTopics(Optional.empty()))
                    .all()
                    .get();
        }
    }

    private static void publishOrigins(String bootstrap, Map<String, Object> serdeConfig) throws Exception {
        Map<String, Object> config =
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, ModelOrigin> producer = new KafkaProducer<>(
                config,
                new StringSerializer(),
                ConfluentAvroSerde.forValues(ModelOrigin.class, serdeConfig).serializer())) {
            for (Map.Entry<String, ModelOrigin> row : ChaosMarket.originTable().entrySet()) {
                producer.send(new ProducerRecord<>(TOPICS.modelOrigins(), row.getKey(), row.getValue()))
                        .get();
            }
        }
    }

    private void startInstances(String bootstrap, String registryUrl) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("application.id", APPLICATION_ID);
        settings.put("num.standby.replicas", "1");
        settings.putAll(options.appSettings());
        List<String> jvmOptions = new ArrayList<>(List.of("-Xmx" + options.appHeap()));
        jvmOptions.addAll(options.appJvmOptions());
        for (int i = 0; i < options.instances(); i++) {
            Map<String, String> own = new LinkedHashMap<>(settings);
            // The client id names the instance in the group, so that a kill can be followed to its members.
            own.put("client.id", AppInstance.nameOf(i));
            if (options.staticMembership()) {
                own.put("group.instance.id", AppInstance.nameOf(i));
            }
            AppInstance instance =
                    new AppInstance(i, TcpPorts.free(), options.workDir(), bootstrap, registryUrl, own, jvmOptions);
            instances.add(instance);
            // One after the other: instances registering the same schemas at once have been seen to die of it.
            instance.start();
            long readyMs = awaitReady(instance, READY_PATIENCE);
            if (readyMs < 0) {
                throw new IllegalStateException(instance.name() + " was not ready within " + READY_PATIENCE.toSeconds()
                        + " s of its first start; see " + instance.log());
            }
            log(instance.name() + " ready in " + readyMs + " ms at " + instance.baseUrl());
        }
    }

    /** The kills and broker restarts, spread evenly over the production time. */
    private void runSchedule(ChaosBroker broker) throws InterruptedException {
        int slots = options.kills() + options.brokerRestarts();
        List<Boolean> isBroker = new ArrayList<>(Collections.nCopies(slots, false));
        for (int b = 0; b < options.brokerRestarts(); b++) {
            isBroker.set((int) ((b + 0.5) * slots / options.brokerRestarts()), true);
        }
        long start = System.nanoTime();
        int killed = 0;
        for (int slot = 0; slot < slots; slot++) {
            long due = start + options.duration().toNanos() * (slot + 1) / (slots + 1);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                // The schedule is time-based on purpose: faults come when they come, ready or not.
                Thread.sleep(wait / 1_000_000);
            }
            if (isBroker.get(slot)) {
                restartBroker(broker);
            } else {
                // Every fourth kill, starting with the second, loses the state directory.
                killInstance(pickVictim(killed), killed % 4 == 1);
                killed++;
            }
        }
    }

    /** Round robin, but a ready instance rather than one still recovering, if one gets ready within a minute. */
    private AppInstance pickVictim(int killNumber) {
        if (!options.restartDelay().isZero()) {
            // A run that holds killed instances down measures restarts into a settled group: one fault at a time.
            long settled = System.nanoTime() + READY_PATIENCE.toNanos();
            while (System.nanoTime() < settled && instances.stream().anyMatch(AppInstance::recovering)) {
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
        long deadline = System.nanoTime() + KILL_WAITS_FOR_READY.toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < instances.size(); i++) {
                AppInstance candidate = instances.get((killNumber + i) % instances.size());
                if (candidate.isAlive() && !candidate.recovering() && candidate.isReady()) {
                    return candidate;
                }
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return instances.get(killNumber % instances.size());
    }

    private void killInstance(AppInstance instance, boolean deleteState) throws InterruptedException {
        double at = secondsIntoRun();
        Set<String> members = group.membersOf(instance.name() + "-");
        long killedAt;
        instance.recovering(true);
        synchronized (instance) {
            killedAt = System.currentTimeMillis();
            instance.kill();
            if (deleteState) {
                instance.deleteState();
            }
            instance.heldDown(!options.restartDelay().isZero());
            if (!instance.heldDown()) {
                instance.start();
            }
        }
        log("kill -9 " + instance.name() + (deleteState ? " (state directory deleted)" : "")
                + (instance.heldDown() ? ", down for " + options.restartDelay().toSeconds() + " s" : ", restarted"));
        CompletableFuture<Long> takenOver = members.isEmpty()
                ? CompletableFuture.completedFuture(-1L)
                : CompletableFuture.supplyAsync(() -> group.awaitTakenOver(members, killedAt, READY_PATIENCE));
        Thread watcher = daemon("chaos-recovery-" + instance.name(), () -> {
            if (instance.heldDown()) {
                LockSupport.parkNanos(options.restartDelay().toNanos());
                synchronized (instance) {
                    instance.start();
                    instance.heldDown(false);
                }
                log(instance.name() + " restarted");
            }
            long restartedAt = instance.startedAtMs();
            int generation = instance.generation();
            long readyMs = awaitReady(instance, READY_PATIENCE, generation);
            boolean superseded = instance.generation() != generation;
            if (!superseded) {
                instance.recovering(false);
            }
            long killToReady = readyMs < 0 ? -1 : restartedAt + readyMs - killedAt;
            long killToTakenOver = takenOver.join();
            log(instance.name() + "'s partitions "
                    + (killToTakenOver < 0
                            ? "NOT seen taken over"
                            : "taken over " + killToTakenOver + " ms after the kill"));
            kills.add(new ChaosReport.Kill(
                    instance.name(), at, deleteState, readyMs, killToReady, killToTakenOver, superseded));
            log(instance.name()
                    + (superseded
                            ? " was restarted again before it was seen ready"
                            : readyMs < 0
                                    ? " NOT ready after its restart"
                                    : " ready " + readyMs + " ms after its restart"));
        });
        watchers.add(watcher);
        watcher.start();
    }

    private void restartBroker(ChaosBroker broker) throws InterruptedException {
        double at = secondsIntoRun();
        long killedAt = System.currentTimeMillis();
        brokerDown = true;
        broker.kill();
        log("kill -9 broker; down for " + options.brokerDown().toSeconds() + " s");
        Thread.sleep(options.brokerDown().toMillis());
        long restartMs = broker.start();
        brokerDown = false;
        brokerRestarts.add(
                new ChaosReport.BrokerRestart(at, System.currentTimeMillis() - killedAt - restartMs, restartMs));
        log("broker back in " + restartMs + " ms");
    }

    /** Restarts instances that died by themselves: the run reports them, and a real deployment would restart them. */
    private void supervise() {
        while (!finished) {
            // While the broker is down an instance that cannot reach it may exit; it is restarted once the broker is
            // back.
            for (AppInstance instance : brokerDown ? List.<AppInstance>of() : instances) {
                synchronized (instance) {
                    if (!finished && !instance.isAlive() && !instance.heldDown()) {
                        selfExits.add(new ChaosReport.SelfExit(
                                instance.name(),
                                secondsIntoRun(),
                                instance.exitDescription() + " (log " + instance.log() + ")"));
                        log(instance.name() + " DIED BY ITSELF (" + instance.exitDescription() + "); restarting it");
                        instance.start();
                    }
                }
            }
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        }
    }

    /** The consumer lag of the application on token-usage, sampled every two seconds while the broker is up. */
    private void sampleLag(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                5_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000))) {
            while (!finished && !Thread.currentThread().isInterrupted()) {
                if (!brokerDown) {
                    try {
                        maxLag.accumulateAndGet(lag(admin), Math::max);
                    } catch (ExecutionException | RuntimeException unavailable) {
                        // The broker is restarting or the group is rebalancing: the next sample will tell.
                    }
                }
                Thread.sleep(2_000);
            }
        } catch (InterruptedException done) {
            Thread.currentThread().interrupt();
        }
    }

    private static long lag(Admin admin) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APPLICATION_ID)
                .partitionsToOffsetAndMetadata()
                .get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < TopicLayout.DEFAULT_TOKEN_USAGE_PARTITIONS; p++) {
            latest.put(new TopicPartition(TOPICS.tokenUsage(), p), OffsetSpec.latest());
        }
        long lag = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end :
                admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata position = committed.get(end.getKey());
            lag += end.getValue().offset() - (position == null ? 0 : position.offset());
        }
        return lag;
    }

    /** Every instance's answer to the same questions: the list of weeks, and the first and last week's shares. */
    private ChaosReport.ApiCheck compareApis() throws IOException {
        List<String> paths = new ArrayList<>(List.of("/api/v1/weeks"));
        JsonNode weeks =
                JSON.readTree(instances.get(0).get("/api/v1/weeks").body()).path("data");
        if (weeks.isArray() && !weeks.isEmpty()) {
            paths.add("/api/v1/weeks/" + weeks.get(0).path("week").asText() + "/shares");
            paths.add(
                    "/api/v1/weeks/" + weeks.get(weeks.size() - 1).path("week").asText() + "/shares?dimension=model");
        }
        List<String> differences = new ArrayList<>();
        for (String path : paths) {
            JsonNode first = null;
            for (AppInstance instance : instances) {
                HttpResponse<String> response = instance.get(path);
                JsonNode data = response.statusCode() == 200
                        ? JSON.readTree(response.body()).path("data")
                        : null;
                if (data == null) {
                    differences.add(instance.name() + " answered " + response.statusCode() + " to " + path + ": "
                            + response.body());
                } else if (first == null) {
                    first = data;
                } else if (!first.equals(data)) {
                    differences.add(instance.name() + " " + path + " differs from "
                            + instances.get(0).name());
                }
            }
        }
        return new ChaosReport.ApiCheck(instances.size(), paths, differences);
    }

    /** Each instance's tokenshare_* counters from /metrics: the committed counts of the partitions it runs now. */
    private Map<String, Map<String, Double>> instanceCounters() {
        Map<String, Map<String, Double>> counters = new TreeMap<>();
        for (AppInstance instance : instances) {
            Map<String, Double> mine = new TreeMap<>();
            try {
                for (String line : instance.get("/metrics").body().split("\n")) {
                    if (line.startsWith("tokenshare_events_") || line.startsWith("tokenshare_dead_letters")) {
                        int space = line.lastIndexOf(' ');
                        double value = Double.parseDouble(line.substring(space + 1));
                        if (value != 0) {
                            mine.put(line.substring(0, space), value);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                mine.put("unavailable: " + e.getMessage(), -1.0);
            }
            counters.put(instance.name(), mine);
        }
        return counters;
    }

    /**
     * Whether the topics hold what the gateway sent. A batch in flight when the broker went away can be written twice
     * (the idempotent producer cannot always tell after a restart): such copies are extra records on token-usage, and
     * a copy of an invalid record is one more dead letter of its reason. So: never fewer records or dead letters than
     * sent, and no more extra dead letters than extra records, at most one in a hundred.
     */
    static boolean accountingHolds(long recordsOnTopic, Map<String, Long> deadLetters, GroundTruth truth) {
        long copies = recordsOnTopic - truth.records();
        Map<String, Long> expected = truth.deadLettersByReason();
        long extraDeadLetters = 0;
        for (String reason : union(expected.keySet(), deadLetters.keySet())) {
            long extra = deadLetters.getOrDefault(reason, 0L) - expected.getOrDefault(reason, 0L);
            if (extra < 0) {
                return false;
            }
            extraDeadLetters += extra;
        }
        return copies >= 0 && copies <= truth.records() / 100 && extraDeadLetters <= copies;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private List<String> failures(
            ChaosProducer producer,
            ShareCheck origin,
            ShareCheck model,
            ChaosReport.Accounting accounting,
            ChaosReport.ApiCheck api) {
        List<String> failures = new ArrayList<>();
        if (producer.failed() > 0) {
            failures.add(producer.failed() + " records were never acknowledged: " + producer.firstFailure());
        }
        for (ShareCheck check : List.of(origin, model)) {
            if (!check.exact()) {
                failures.add("shares by " + check.dimension() + " not exact: " + check.lostTokens() + " tokens lost, "
                        + check.doubledTokens() + " doubled (week totals: " + check.weekTokensLost() + " lost, "
                        + check.weekTokensDoubled() + " doubled), " + check.notFinal() + " rows not final, weeks "
                        + check.weeksSeen() + " of " + check.weeksExpected() + "; first: " + check.mismatches());
            }
        }
        if (!accounting.exact()) {
            failures.add("accounting: token-usage holds " + accounting.recordsOnTopic()
                    + " records and the dead letters are " + accounting.deadLetters()
                    + "; expected the acknowledged records and their dead letters, give or take copies of batches in"
                    + " flight at a broker restart");
        }
        failures.addAll(api.differences());
        for (AppInstance instance : instances) {
            if (!instance.isAlive()) {
                failures.add(instance.name() + " is not running at the end (" + instance.exitDescription() + ")");
            }
        }
        if (kills.stream().anyMatch(k -> k.restartToReadyMs() < 0 && !k.killedAgainFirst())) {
            failures.add("an instance did not get ready after a kill within " + READY_PATIENCE.toMinutes() + " min");
        }
        return failures;
    }

    private ChaosReport.Recovery recovery() {
        List<Long> times = kills.stream()
                .map(ChaosReport.Kill::restartToReadyMs)
                .filter(ms -> ms >= 0)
                .sorted()
                .toList();
        int notRecovered = (int) kills.stream()
                .filter(k -> k.restartToReadyMs() < 0 && !k.killedAgainFirst())
                .count();
        List<Long> takeovers = kills.stream()
                .map(ChaosReport.Kill::killToTakenOverMs)
                .filter(ms -> ms >= 0)
                .sorted()
                .toList();
        return new ChaosReport.Recovery(
                times.size(), notRecovered, median(times), max(times), median(takeovers), max(takeovers));
    }

    private static long median(List<Long> sorted) {
        return sorted.isEmpty() ? -1 : sorted.get((sorted.size() - 1) / 2);
    }

    private static long max(List<Long> sorted) {
        return sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1);
    }

    /** Milliseconds from its start until the instance answers ready, or -1 after the patience. */
    private static long awaitReady(AppInstance instance, Duration patience) {
        return awaitReady(instance, patience, instance.generation());
    }

    /** Likewise, or -1 as soon as the instance has been started again (another generation). */
    /**
     * Ready means serving again: {@code /health/ready} answers 200 and keeps answering it for {@link #READY_HOLD}.
     * A restarted instance is RUNNING for a moment between the rebalance that lets it in and the follow-up one that
     * moves tasks to it; that moment does not count. The time returned is the start of the steady answer.
     */
    private static long awaitReady(AppInstance instance, Duration patience, int generation) {
        long deadline = System.nanoTime() + patience.toNanos();
        long readySince = -1;
        while (System.nanoTime() < deadline && instance.generation() == generation) {
            if (!instance.isReady()) {
                readySince = -1;
            } else if (readySince < 0) {
                readySince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - readySince >= READY_HOLD.toMillis()) {
                return readySince - instance.startedAtMs();
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return -1;
    }

    private double secondsIntoRun() {
        return (System.currentTimeMillis() - startedAtMs) / 1000.0;
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void log(String message) {
        System.err.printf("[%s] chaos: %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), message);
    }
}
