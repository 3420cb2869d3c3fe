package dev.hubcrm.runtimecheck;

/**
 * What the runtime client's log tells of an init as SnapStart runs it. The client runs the function's
 * init, then every CRaC {@code beforeCheckpoint} hook, and only then asks the Runtime API for
 * {@code /runtime/restore/next}; the emulator answers that with a 404. So that request in the log
 * proves init and every hook completed, and its absence means one of them failed.
 */
record SnapStartOutcome(boolean hooksCompleted, String summary) {
    private static final String RESTORE_REQUEST = "/runtime/restore/next Response code: '404'";

    static SnapStartOutcome of(String log) {
        if (log.contains(RESTORE_REQUEST)) {
            return new SnapStartOutcome(true, "ok: init and checkpoint hooks done, restore requested (404 from the emulator, expected)");
        }
        return new SnapStartOutcome(false, "init or a checkpoint hook failed before the restore request");
    }
}
