package io.tokenshare.bench.chaos;

import io.tokenshare.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The chaos run's broker, alone in its own JVM so that the run can {@code kill -9} it: an
 * {@link EmbeddedKafka} on a fixed log directory and port, so that a restart finds its data and its
 * clients find it again. A {@code kill -9} loses no acknowledged record without an fsync per record:
 * what the broker wrote is in the operating system's page cache, which outlives the process. Says {@value #READY} and the bootstrap address on stdout once it takes clients.
 */
public final class BrokerMain {

    /** The line prefix that tells the chaos run the broker is up. */
    public static final String READY = "CHAOS-BROKER-READY ";

    private BrokerMain() {}

    /** @param args the log directory and the client port */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            throw new IllegalArgumentException(
                    "usage: BrokerMain <log-dir> <port>; the chaos run starts this, not a person");
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(
                EmbeddedKafka.Settings.defaults().withLogDir(Path.of(args[0])).withPort(Integer.parseInt(args[1])));
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "stop-chaos-broker"));
        System.out.println(READY + kafka.bootstrapServers());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
