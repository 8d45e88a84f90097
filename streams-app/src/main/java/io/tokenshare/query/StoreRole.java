package io.tokenshare.query;

/** Whether a store partition answered from its active task or from a standby replica, which may lag. */
public enum StoreRole {
    ACTIVE,
    STANDBY
}
