/**
 * The query layer: tokenshare's state stores over HTTP. {@link io.tokenshare.query.QueryServer} serves
 * the JSON API, the dashboard, metrics and health checks of one instance. A key lookup owned by
 * another instance is forwarded to it over an internal route that never forwards again; range and
 * series queries fan out to every instance and merge, and refuse (503) rather than answer with a
 * partition missing.
 */
package io.tokenshare.query;
