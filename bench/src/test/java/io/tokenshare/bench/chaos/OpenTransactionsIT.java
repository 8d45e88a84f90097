package io.tokenshare.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenshare.embedded.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** A chaos run that stalls names the transaction it waits for; one that does not names none. */
class OpenTransactionsIT {

    @Test
    void namesAnOpenTransactionAndThePartitionItHoldsBack() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("held", 2, (short) 1)))
                    .all()
                    .get();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers(),
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                    "gateway-7",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class))) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("held", 1, "k", "v")).get();

                List<String> open = OpenTransactions.describe(kafka.bootstrapServers());

                assertThat(open).anySatisfy(line -> assertThat(line)
                        .startsWith("transaction gateway-7")
                        .contains("Ongoing")
                        .contains("held-1"));
                assertThat(open).anySatisfy(line -> assertThat(line)
                        .startsWith("partition held-1 stable offset 0 of 1")
                        .doesNotContain("HANGING"));
                assertThat(open).noneMatch(line -> line.contains("held-0"));

                producer.commitTransaction();
                // The commit markers are written after commitTransaction returns.
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(OpenTransactions.describe(kafka.bootstrapServers()))
                                .isEmpty());
            }
        }
    }
}
