/**
 * Replay of usage data and of the model-origin table from files: strict, streaming readers for the
 * OpenRouter rankings CSV, JSON Lines events and the origins CSV, and publishers that send what they
 * read to Kafka. No Kafka Streams code lives here.
 */
package io.tokenshare.replay;
