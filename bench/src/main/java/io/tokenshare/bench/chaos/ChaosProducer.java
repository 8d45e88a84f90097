package io.tokenshare.bench.chaos;

import io.tokenshare.avro.TokenUsageEvent;
import io.tokenshare.ingest.DeadLetterReason;
import io.tokenshare.window.IsoWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A gateway at a fixed rate: request-level events over a calendar of past ISO weeks (event time runs
 * through the calendar as the run goes), with about 1 % resends (same event, same key), some events
 * out of order within the grace, some so late that their week has closed, and some invalid. Idempotent
 * and patient (acks=all, deliveries retried for ten minutes), so that it rides out broker restarts;
 * the {@link GroundTruth} records only what the broker acknowledged.
 */
final class ChaosProducer implements Runnable {

    static final double RESEND_SHARE = 0.01;
    static final double INVALID_SHARE = 0.005;
    static final double LATE_IN_GRACE_SHARE = 0.01;
    static final double TOO_LATE_SHARE = 0.003;
    /** How far back a too-late event is: far enough that every partition has closed its week. */
    static final Duration TOO_LATE_BY = Duration.ofDays(21);

    private static final Duration LATE_IN_GRACE_MAX = Duration.ofHours(24);
    // A gateway resends what its client gave up on. After a broker restart the idempotent producer can fail a batch
    // for good (an epoch bump, a sequence it no longer matches) rather than retry it: such records go again, a few
    // times, as a gateway would; a copy that was written after all is a duplicate to the app, as any resend.
    private static final Duration DELIVERY_PATIENCE = Duration.ofMinutes(2);
    private static final int MAX_ATTEMPTS = 5;
    private static final int RESEND_WINDOW = 256;
    private static final List<DeadLetterReason> INVALID_KINDS = List.of(
            DeadLetterReason.NEGATIVE_TOKENS,
            DeadLetterReason.TOTAL_BELOW_SPLIT,
            DeadLetterReason.MISSING_OCCURRED_AT,
            DeadLetterReason.BLANK_EVENT_ID,
            DeadLetterReason.INVALID_REQUESTS);

    /**
     * @param events      records to send in all
     * @param ratePerSec  records per second
     * @param firstMonday the calendar's first Monday
     * @param weeks       the calendar's length; it must end in the past
     * @param keys        how records are keyed
     * @param seed        decides every random choice
     */
    record Plan(long events, double ratePerSec, LocalDate firstMonday, int weeks, KeyScheme keys, long seed) {

        long firstMondayMs() {
            return firstMonday.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }

        /** The instant after the calendar's last event. */
        Instant end() {
            return Instant.ofEpochMilli(firstMondayMs() + weeks * IsoWeek.LENGTH_MS);
        }
    }

    private final Plan plan;
    private final Map<String, Object> producerConfig;
    private final Serializer<TokenUsageEvent> serializer;
    private final String topic;
    private final ChaosMarket market;
    private final GroundTruth truth;
    private final SplittableRandom random;
    private final TokenUsageEvent[] recent = new TokenUsageEvent[RESEND_WINDOW];
    private int recentCount;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final Queue<Attempt> retries = new ConcurrentLinkedQueue<>();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private volatile long lastEventTimeMs = Long.MIN_VALUE;
    private volatile long finishedAtMs = -1;

    ChaosProducer(
            Plan plan,
            String bootstrap,
            Serializer<TokenUsageEvent> serializer,
            String topic,
            ChaosMarket market,
            GroundTruth truth) {
        this.plan = plan;
        this.serializer = serializer;
        this.topic = topic;
        this.market = market;
        this.truth = truth;
        this.random = new SplittableRandom(plan.seed());
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "tokenshare-chaos-gateway");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_PATIENCE.toMillis());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, DELIVERY_PATIENCE.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        this.producerConfig = config;
    }

    @Override
    public void run() {
        long startNanos = System.nanoTime();
        double nanosPerEvent = 1e9 / plan.ratePerSec();
        try (KafkaProducer<String, TokenUsageEvent> producer =
                new KafkaProducer<>(producerConfig, new StringSerializer(), serializer)) {
            for (long i = 0; i < plan.events(); i++) {
                long due = startNanos + (long) (i * nanosPerEvent);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                send(producer, i);
                resendFailed(producer);
            }
            producer.flush();
            while (inFlight.get() > 0 || !retries.isEmpty()) {
                resendFailed(producer);
                producer.flush();
            }
        } finally {
            finishedAtMs = System.currentTimeMillis();
        }
    }

    private void send(KafkaProducer<String, TokenUsageEvent> producer, long i) {
        long baseMs = plan.firstMondayMs() + (long) ((i + 0.5) / plan.events() * plan.weeks() * IsoWeek.LENGTH_MS);
        double roll = random.nextDouble();
        Runnable onAck;
        TokenUsageEvent event;
        if (roll < RESEND_SHARE && recentCount > 0) {
            event = recent[random.nextInt(Math.min(recentCount, RESEND_WINDOW))];
            onAck = truth::resend;
        } else if (roll < RESEND_SHARE + INVALID_SHARE) {
            DeadLetterReason reason = INVALID_KINDS.get(random.nextInt(INVALID_KINDS.size()));
            event = spoil(validEvent(baseMs), reason);
            onAck = () -> truth.deadLetter(reason);
        } else if (roll < RESEND_SHARE + INVALID_SHARE + TOO_LATE_SHARE
                && baseMs - plan.firstMondayMs() > TOO_LATE_BY.plusDays(1).toMillis()) {
            event = validEvent(baseMs - TOO_LATE_BY.toMillis());
            onAck = () -> truth.deadLetter(DeadLetterReason.LATE_BEYOND_GRACE);
        } else {
            boolean late = roll > 1 - LATE_IN_GRACE_SHARE;
            long eventMs = late
                    ? Math.max(plan.firstMondayMs(), baseMs - 1 - random.nextLong(LATE_IN_GRACE_MAX.toMillis()))
                    : baseMs;
            TokenUsageEvent valid = validEvent(eventMs);
            event = valid;
            recent[recentCount++ % RESEND_WINDOW] = valid;
            int model = modelIndexOf(valid.getModelId());
            onAck = () -> truth.counted(
                    IsoWeek.containing(eventMs).monday(),
                    valid.getModelId(),
                    market.origin(model).name(),
                    valid.getTotalTokens(),
                    late);
        }
        lastEventTimeMs = Math.max(lastEventTimeMs, baseMs);
        long timestamp =
                event.getOccurredAt() == null ? baseMs : event.getOccurredAt().toEpochMilli();
        ProducerRecord<String, TokenUsageEvent> record =
                new ProducerRecord<>(topic, null, timestamp, keyOf(event), event);
        sent.incrementAndGet();
        dispatch(producer, new Attempt(record, onAck, 1));
    }

    /** One send of a record; the acknowledgement adds it to the truth, once, whichever attempt gets it. */
    private record Attempt(ProducerRecord<String, TokenUsageEvent> record, Runnable onAck, int number) {}

    private void dispatch(KafkaProducer<String, TokenUsageEvent> producer, Attempt attempt) {
        inFlight.incrementAndGet();
        producer.send(attempt.record(), (metadata, error) -> {
            if (error == null) {
                acknowledged.incrementAndGet();
                attempt.onAck().run();
            } else if (attempt.number() < MAX_ATTEMPTS) {
                retried.incrementAndGet();
                retries.add(new Attempt(attempt.record(), attempt.onAck(), attempt.number() + 1));
            } else {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, String.valueOf(error));
            }
            inFlight.decrementAndGet();
        });
    }

    // Sent from the producing thread, never from a callback: a send may block on a full buffer, and a callback runs
    // on the producer's own I/O thread.
    private void resendFailed(KafkaProducer<String, TokenUsageEvent> producer) {
        for (Attempt again = retries.poll(); again != null; again = retries.poll()) {
            dispatch(producer, again);
        }
    }

    private String keyOf(TokenUsageEvent event) {
        return switch (plan.keys()) {
            case EVENT -> event.getEventId();
            case MODEL -> event.getModelId();
            case NULL -> null;
        };
    }

    private TokenUsageEvent validEvent(long occurredAtMs) {
        int model = market.pick(random.nextDouble());
        long prompt = logNormal(Math.log(1_200), 1.3, 400_000);
        long completion = logNormal(Math.log(250), 1.1, 64_000);
        long reasoning = random.nextDouble() < 0.2 ? logNormal(Math.log(600), 1.0, 64_000) : 0;
        boolean split = random.nextDouble() >= 0.1;
        return TokenUsageEvent.newBuilder()
                .setEventId(new UUID(random.nextLong(), random.nextLong()).toString())
                .setOccurredAt(Instant.ofEpochMilli(occurredAtMs))
                .setModelId(market.model(model))
                .setProvider("provider-" + random.nextInt(8))
                .setApp(random.nextDouble() < 0.3 ? null : "app-" + random.nextInt(40))
                .setCategory(random.nextDouble() < 0.15 ? null : "category-" + random.nextInt(10))
                .setInputTokens(split ? prompt : null)
                .setOutputTokens(split ? completion : null)
                .setTotalTokens(prompt + completion + reasoning)
                .setRequests(1)
                .build();
    }

    private static TokenUsageEvent spoil(TokenUsageEvent event, DeadLetterReason reason) {
        switch (reason) {
            case NEGATIVE_TOKENS -> event.setTotalTokens(-event.getTotalTokens());
            case TOTAL_BELOW_SPLIT -> {
                event.setInputTokens(event.getTotalTokens());
                event.setOutputTokens(1L);
            }
            case MISSING_OCCURRED_AT -> event.setOccurredAt(null);
            case BLANK_EVENT_ID -> event.setEventId(" ");
            case INVALID_REQUESTS -> event.setRequests(0);
            default -> throw new IllegalArgumentException("no way to spoil an event for " + reason);
        }
        return event;
    }

    private int modelIndexOf(String modelId) {
        for (int m = 0; m < market.size(); m++) {
            if (market.model(m).equals(modelId)) {
                return m;
            }
        }
        throw new IllegalStateException("model " + modelId + " is not in the market");
    }

    private long logNormal(double logMedian, double sigma, long max) {
        return Math.max(1, Math.min(max, Math.round(Math.exp(logMedian + sigma * random.nextGaussian()))));
    }

    long sent() {
        return sent.get();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    long failed() {
        return failed.get();
    }

    /** Records sent again after the producer gave up on them. */
    long retried() {
        return retried.get();
    }

    String firstFailure() {
        return firstFailure.get();
    }

    /** The latest event time of the calendar reached so far. */
    long lastEventTimeMs() {
        return lastEventTimeMs;
    }

    /** When the producer had every record acknowledged or failed, or -1 while it runs. */
    long finishedAtMs() {
        return finishedAtMs;
    }
}
