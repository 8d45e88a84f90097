package io.tokenshare.config;

/**
 * Names of the state stores. They are part of the query API's contract and of the changelog topic
 * names, so they never change without a migration note.
 */
public final class StoreNames {

    /**
     * Window store, local to each ingest task and not changelogged, of the event ids counted within the
     * de-duplication horizon (key: event_id, value: its event time, filed under its time bucket).
     */
    public static final String SEEN_EVENT_IDS = "seen-event-ids";
    /**
     * Key-value store of the event ids each ingest task counted, one block per commit (key: the block's latest
     * event time and sequence number); the changelogged copy the local {@link #SEEN_EVENT_IDS} is rebuilt from.
     */
    public static final String SEEN_EVENT_ID_BLOCKS = "seen-event-id-blocks";
    /** Key-value store, local and not changelogged, of the last block the local {@link #SEEN_EVENT_IDS} holds. */
    public static final String SEEN_EVENT_IDS_APPLIED = "seen-event-ids-applied";
    /** Key-value store of the event time each token-usage partition has reached (key: partition number). */
    public static final String INGEST_EVENT_TIME = "ingest-event-time";
    /** Key-value store of the tokens each token-usage partition counted per week (key: week start). */
    public static final String INGEST_WEEK_TOKENS = "ingest-week-tokens";
    /** Key-value store, on the share stage, of the tokens every partition counted per week (key: 'week|partition'). */
    public static final String COUNTED_WEEK_TOKENS = "counted-week-tokens";
    /**
     * Key-value store, on the share stage, of the days of each week on which any partition counted an event
     * (key: week start, value: day mask, bit 0 Monday .. bit 6 Sunday, UTC).
     */
    public static final String COUNTED_WEEK_DAYS = "counted-week-days";
    /**
     * Key-value store, in each ingest task, of the (model, week) partials of that token-usage partition
     * (key: 'week|model_id', value: ModelWeekUsage); written once per commit, not per event.
     */
    public static final String INGEST_MODEL_WEEK_PARTIALS = "ingest-model-week-partials";
    /**
     * Key-value store, in each ingest task, of what its partition has read by fate (key: partition number, value:
     * read, counted, duplicates, null-keyed and dead letters by reason); written once per commit, in the
     * transaction of the offsets it counts, and what {@code IngestAccounting} reports.
     */
    public static final String INGEST_ACCOUNTING = "ingest-accounting";
    /**
     * The data-less store through which the optional routing by event id hands the offsets of undecodable records
     * to the ingest tasks just before each commit.
     */
    public static final String INGEST_ROUTING_COMMIT_HOOK = "ingest-routing-commit-hook";
    /** The data-less store through which the ingest processor writes and forwards its partials just before each commit. */
    public static final String INGEST_COMMIT_HOOK = "ingest-commit-hook";
    /**
     * Key-value store, in the merge step, of the latest partial every token-usage partition sent for a
     * (model, week) (key: 'week|model_id|partition', value: ModelWeekUsage).
     */
    public static final String MODEL_WEEK_PARTIALS = "model-week-partials";
    /** The data-less store through which the merge step stores and forwards the changed (model, week)s just before each commit. */
    public static final String MODEL_WEEK_MERGE_HOOK = "model-week-merge-commit-hook";
    /**
     * Window store of ISO-week usage per model, merged over every token-usage partition (key: model_id,
     * value: ModelWeekUsage). Partitioned by model id, so a model's usage is one key lookup.
     */
    public static final String MODEL_WEEK_USAGE = "model-week-usage";
    /** Global key-value store of the model-origin table with its price history (key: model id or author slug). */
    public static final String MODEL_ORIGIN_HISTORY = "model-origin-history";
    /** Key-value store, on the share stage, of the origin histories the week models are attributed with (key: as above). */
    public static final String APPLIED_ORIGINS = "applied-origins";
    /** Key-value store of every attributed model of every week (key: 'week|model_id', value: AttributedModelWeek). */
    public static final String WEEK_MODELS = "week-models";
    /** Key-value store of each week's totals and final flag (key: week start 'yyyy-MM-dd', value: WeekStatus). */
    public static final String WEEK_STATUS = "week-status";
    /** Key-value store of the furthest event time per token-usage partition (key: partition number). */
    public static final String INGEST_PROGRESS = "ingest-progress";
    /** Key-value store of the latest share rows (key: 'week|basis|dimension|member', value: ShareRow). */
    public static final String SHARE_ROWS = "share-rows";
    /** Key-value store of the latest alert per alert key (value: ShareAlert). */
    public static final String SHARE_ALERTS = "share-alerts-store";

    /** Key-value store of the distributions an alert rule watches (key: 'dimension|basis_label|week_start'). */
    public static final String ALERT_DISTRIBUTIONS = "alert-distributions";

    private StoreNames() {}
}
