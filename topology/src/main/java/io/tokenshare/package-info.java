/** tokenshare: weekly LLM token market share by model origin, on Kafka Streams. */
package io.tokenshare;
