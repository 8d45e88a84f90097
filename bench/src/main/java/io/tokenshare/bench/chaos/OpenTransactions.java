package io.tokenshare.bench.chaos;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * What a stalled run is waiting for: every transaction the coordinators still hold open, and every partition
 * whose last stable offset trails its end because a producer's transaction there is open. A partition with an
 * open transaction that no coordinator lists is a hanging transaction: nothing will ever end it, and every
 * {@code read_committed} reader of that partition, a restoring store or a consumer fetching committed offsets,
 * waits for it.
 */
final class OpenTransactions {

    private static final long TIMEOUT_SECONDS = 30;
    private static final Set<TransactionState> OPEN = Set.of(
            TransactionState.ONGOING,
            TransactionState.PREPARE_ABORT,
            TransactionState.PREPARE_COMMIT,
            TransactionState.PREPARE_EPOCH_FENCE);

    private OpenTransactions() {}

    /** One line per open transaction and per partition held behind one; empty when nothing is open. */
    static List<String> describe(String bootstrap) {
        List<String> lines = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                15_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                20_000))) {
            Collection<TransactionListing> listings =
                    admin.listTransactions().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Set<String> ids =
                    listings.stream().map(TransactionListing::transactionalId).collect(Collectors.toSet());
            Map<String, TransactionDescription> described = ids.isEmpty()
                    ? Map.of()
                    : admin.describeTransactions(ids).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Set<Long> listedProducers = new HashSet<>();
            for (Map.Entry<String, TransactionDescription> entry : described.entrySet()) {
                TransactionDescription txn = entry.getValue();
                if (OPEN.contains(txn.state())) {
                    listedProducers.add(txn.producerId());
                    lines.add("transaction " + entry.getKey() + " producer " + txn.producerId() + "/"
                            + txn.producerEpoch() + " " + txn.state() + " since "
                            + Instant.ofEpochMilli(txn.transactionStartTimeMs().orElse(0)) + " timeout "
                            + txn.transactionTimeoutMs()
                            + " ms on " + txn.topicPartitions());
                }
            }
            lines.addAll(heldPartitions(admin, listedProducers));
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            lines.add("could not describe the transactions: " + e
                    + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return lines;
    }

    private static List<String> heldPartitions(Admin admin, Set<Long> listedProducers)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true))
                .names()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<TopicPartition> partitions = new ArrayList<>();
        for (TopicDescription topic : admin.describeTopics(topics)
                .allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .values()) {
            topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
        }
        Map<TopicPartition, OffsetSpec> latest =
                partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        var committedEnds = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                .all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<TopicPartition> behind = partitions.stream()
                .filter(p -> committedEnds.get(p).offset() < ends.get(p).offset())
                .toList();
        List<String> lines = new ArrayList<>();
        if (behind.isEmpty()) {
            return lines;
        }
        var producers = admin.describeProducers(behind).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        for (TopicPartition partition : behind) {
            for (ProducerState producer : producers.get(partition).activeProducers()) {
                if (producer.currentTransactionStartOffset().isPresent()) {
                    lines.add("partition " + partition + " stable offset "
                            + committedEnds.get(partition).offset()
                            + " of " + ends.get(partition).offset() + ": producer " + producer.producerId() + "/"
                            + producer.producerEpoch() + " open since offset "
                            + producer.currentTransactionStartOffset().getAsLong() + ", last written "
                            + Instant.ofEpochMilli(producer.lastTimestamp()) + ", coordinator epoch "
                            + producer.coordinatorEpoch()
                            + (listedProducers.contains(producer.producerId())
                                    ? ""
                                    : " — HANGING: no coordinator lists this producer's transaction"));
                }
            }
        }
        return lines;
    }
}
