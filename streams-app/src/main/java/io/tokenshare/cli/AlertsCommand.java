package io.tokenshare.cli;

import io.tokenshare.alert.webhook.WebhookConfig;
import io.tokenshare.alert.webhook.WebhookNotifier;
import io.tokenshare.avro.ShareAlert;
import io.tokenshare.config.LayeredConfig;
import io.tokenshare.serde.ConfluentAvroSerde;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Delivers every alert of share-alerts to a webhook until Ctrl-C; see {@link WebhookNotifier}. */
@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        description = {
            "POSTs each alert of share-alerts as JSON to a webhook, with an Idempotency-Key header, retrying with "
                    + "backoff; its consumer position is committed only after a 2xx, so no alert is lost across a restart."
        })
final class AlertsCommand implements Callable<Integer> {

    @Option(
            names = "--webhook",
            required = true,
            paramLabel = "URL",
            description = "Where to POST each alert, e.g. https://hooks.example/tokenshare.")
    URI webhook;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    private final CliContext context;

    AlertsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (webhook.getScheme() == null || !webhook.getScheme().startsWith("http")) {
            throw new UsageError(
                    "--webhook " + webhook + " is not an http(s) URL: use e.g. https://hooks.example/tokenshare");
        }
        LayeredConfig config = cluster.resolve(context);
        Map<String, Object> settings = config.asMap();
        try (ClusterAdmin admin = new ClusterAdmin(config)) {
            admin.requireReachable();
        }
        WebhookNotifier notifier = new WebhookNotifier(
                WebhookConfig.of(
                                webhook,
                                config.get(LayeredConfig.BOOTSTRAP_SERVERS).orElseThrow(),
                                config.settings().topics())
                        .withConsumerOverrides(ClientConfigs.consumer(settings)),
                ConfluentAvroSerde.forValues(ShareAlert.class, ClientConfigs.serde(settings))
                        .deserializer());
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "Delivering %s to %s; press Ctrl-C to stop.%n",
                config.settings().topics().shareAlerts(), webhook);
        out.flush();
        ShutdownSignal shutdown = ShutdownSignal.register();
        Thread worker = new Thread(notifier, "tokenshare-webhook");
        worker.start();
        try {
            shutdown.awaitStop(() -> {
                if (!worker.isAlive()) {
                    throw new RuntimeFailure("the webhook notifier stopped: see the log above");
                }
            });
        } finally {
            notifier.stop();
            shutdown.done();
        }
        out.printf(
                "Delivered %d alerts; %d failed attempts; gave up on %d.%n",
                notifier.delivered(), notifier.failedAttempts(), notifier.givenUp());
        return ExitCodes.OK;
    }
}
