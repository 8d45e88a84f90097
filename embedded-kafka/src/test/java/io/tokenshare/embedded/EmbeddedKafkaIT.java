package io.tokenshare.embedded;

import static io.tokenshare.testsupport.KafkaTestClients.consumerConfig;
import static io.tokenshare.testsupport.KafkaTestClients.pollAtLeast;
import static io.tokenshare.testsupport.KafkaTestClients.pollToEnd;
import static io.tokenshare.testsupport.KafkaTestClients.producerConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenshare.testsupport.TcpPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A real one-node KRaft broker in this JVM: plain and transactional traffic, restart, clean shutdown. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class EmbeddedKafkaIT {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaIT.class);
    /** Not a benchmark: only catches a broker that hangs in startup (measured here: a few seconds). */
    private static final Duration STARTUP_SANITY_BOUND = Duration.ofSeconds(60);

    @Test
    void producesAndConsumesThroughAConsumerGroupAndFreesItsPortOnClose() {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        int port = TcpPorts.portOf(kafka.bootstrapServers());
        Path logDir = kafka.logDir();
        try (kafka) {
            LOG.info("Embedded broker startup took {} ms", kafka.startupTime().toMillis());
            assertThat(kafka.startupTime()).isPositive().isLessThan(STARTUP_SANITY_BOUND);
            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
            assertThat(TcpPorts.isFree(port)).as("broker listens on %s", port).isFalse();

            List<NewTopic> topics = List.of(new NewTopic("greetings", 2, (short) 1));
            kafka.createTopics(topics);
            kafka.createTopics(topics);
            assertThat(kafka.admin().listTopics().names())
                    .succeedsWithin(Duration.ofSeconds(10))
                    .asInstanceOf(InstanceOfAssertFactories.collection(String.class))
                    .contains("greetings");

            List<String> sent = List.of("hello", "bonjour", "ni hao", "hola");
            sendPlain(kafka, "greetings", sent);
            assertThat(values(consumeWithGroup(kafka, "greetings", sent.size())))
                    .containsExactlyInAnyOrderElementsOf(sent);
        }
        kafka.close();
        assertThat(TcpPorts.isFree(port)).as("port %s free after close", port).isTrue();
        assertThat(logDir).doesNotExist();
    }

    @Test
    void readCommittedConsumerSeesCommittedTransactionsAndNotAbortedOnes() {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(List.of(new NewTopic("ledger", 1, (short) 1)));
            try (KafkaProducer<String, String> producer = transactionalProducer(kafka, "ledger-writer")) {
                producer.initTransactions();
                inTransaction(producer, "ledger", List.of("debit", "credit"), true);
                inTransaction(producer, "ledger", List.of("mistake"), false);
                inTransaction(producer, "ledger", List.of("refund"), true);
            }
            TopicPartition partition = new TopicPartition("ledger", 0);
            assertThat(values(readToEnd(kafka, partition, "read_committed")))
                    .containsExactly("debit", "credit", "refund");
            assertThat(values(readToEnd(kafka, partition, "read_uncommitted")))
                    .containsExactly("debit", "credit", "mistake", "refund");
        }
    }

    @Test
    void keepsDataInAGivenLogDirectoryAcrossRestarts(@TempDir Path parent) {
        Path logDir = parent.resolve("kafka-data");
        EmbeddedKafka.Settings settings =
                EmbeddedKafka.Settings.defaults().withLogDir(logDir).withBrokerProperty("num.partitions", "1");
        try (EmbeddedKafka first = EmbeddedKafka.start(settings)) {
            first.createTopics(List.of(new NewTopic("durable", 1, (short) 1)));
            sendPlain(first, "durable", List.of("survives a restart"));
        }
        assertThat(logDir).isNotEmptyDirectory();
        try (EmbeddedKafka second = EmbeddedKafka.start(settings)) {
            assertThat(values(readToEnd(second, new TopicPartition("durable", 0), "read_uncommitted")))
                    .containsExactly("survives a restart");
        }
        assertThat(logDir).exists();
    }

    @Test
    void refusesATakenPortWithAMessageNamingIt() throws IOException {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int taken = squatter.getLocalPort();
            assertThatThrownBy(() -> EmbeddedKafka.start(
                            EmbeddedKafka.Settings.defaults().withPort(taken)))
                    .isInstanceOf(EmbeddedKafkaException.class)
                    .hasMessageContaining("127.0.0.1:" + taken)
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void closeTwiceIsHarmlessAndUseAfterCloseIsRefused() throws IOException {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        kafka.close();
        kafka.close();
        assertThatThrownBy(kafka::admin)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(Files.exists(kafka.logDir())).isFalse();
    }

    private static void sendPlain(EmbeddedKafka kafka, String topic, List<String> values) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                producerConfig(kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value, value));
            }
            producer.flush();
        }
    }

    private static KafkaProducer<String, String> transactionalProducer(EmbeddedKafka kafka, String transactionalId) {
        Map<String, Object> config = producerConfig(kafka.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static void inTransaction(
            KafkaProducer<String, String> producer, String topic, List<String> values, boolean commit) {
        producer.beginTransaction();
        values.forEach(value -> producer.send(new ProducerRecord<>(topic, value)));
        producer.flush();
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.abortTransaction();
        }
    }

    private static List<ConsumerRecord<String, String>> consumeWithGroup(EmbeddedKafka kafka, String topic, int count) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                consumerConfig(kafka.bootstrapServers(), topic + "-readers"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            return pollAtLeast(consumer, count);
        }
    }

    private static List<ConsumerRecord<String, String>> readToEnd(
            EmbeddedKafka kafka, TopicPartition partition, String isolationLevel) {
        Map<String, Object> config = consumerConfig(kafka.bootstrapServers(), "unused");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            return pollToEnd(consumer, List.of(partition));
        }
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
