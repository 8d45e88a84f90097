/**
 * Inflection-point alerts: rules read from a YAML or JSON file ({@link io.tokenshare.alert.AlertRules}), evaluated as
 * pure functions over a week-ordered {@link io.tokenshare.alert.ShareSeries}; the Kafka Streams stage that applies
 * them to the weekly distributions and fires or retracts {@code ShareAlert}s exactly once per key
 * ({@link io.tokenshare.alert.AlertStage}); and the consumer that posts alerts to a webhook
 * ({@link io.tokenshare.alert.WebhookNotifier}).
 */
package io.tokenshare.alert;
