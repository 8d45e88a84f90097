package io.tokenshare.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats a KRaft log directory the way {@code kafka-storage.sh format} does, so that a broker can
 * start on it. A directory that is already formatted is left as it is, which lets a persistent log
 * directory be reused across runs (formatting it again would stamp a new cluster id and be refused).
 */
final class StorageFormat {

    private static final Logger LOG = LoggerFactory.getLogger(StorageFormat.class);
    private static final String META_PROPERTIES = "meta.properties";

    private StorageFormat() {}

    static void formatIfNeeded(Properties brokerProperties) {
        Path logDir = Path.of(brokerProperties.getProperty("log.dirs"));
        if (Files.exists(logDir.resolve(META_PROPERTIES))) {
            LOG.debug("{} is already formatted, keeping its data", logDir);
            return;
        }
        format(brokerProperties, logDir);
    }

    private static void format(Properties brokerProperties, Path logDir) {
        Path configFile = writeTemporaryConfig(brokerProperties);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream toolOutput = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            int exitCode = runFormat(configFile, logDir, toolOutput);
            String text = output.toString(StandardCharsets.UTF_8).strip();
            if (exitCode != 0) {
                throw new EmbeddedKafkaException("Formatting the embedded Kafka log directory " + logDir
                        + " failed (exit code " + exitCode + "): " + text);
            }
            LOG.debug("kafka-storage format: {}", text);
        } finally {
            deleteQuietly(configFile);
        }
    }

    private static int runFormat(Path configFile, Path logDir, PrintStream toolOutput) {
        String[] arguments = {
            "format",
            "--config",
            configFile.toString(),
            "--cluster-id",
            Uuid.randomUuid().toString()
        };
        try {
            return StorageTool.execute(arguments, toolOutput);
        } catch (Exception e) {
            throw new EmbeddedKafkaException(
                    "Formatting the embedded Kafka log directory "
                            + logDir + " failed: " + e.getMessage()
                            + ". If the directory holds data of another cluster or Kafka version, delete it or pick another.",
                    e);
        }
    }

    private static Path writeTemporaryConfig(Properties brokerProperties) {
        try {
            Path file = Files.createTempFile("tokenshare-kafka-", ".properties");
            try (OutputStream out = Files.newOutputStream(file)) {
                brokerProperties.store(out, "tokenshare embedded broker");
            }
            return file;
        } catch (IOException e) {
            throw new EmbeddedKafkaException(
                    "Cannot write the embedded broker's configuration to the temp directory "
                            + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(),
                    e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("Could not delete {}", file, e);
        }
    }
}
