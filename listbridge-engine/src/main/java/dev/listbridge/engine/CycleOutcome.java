package dev.listbridge.engine;

/** How a cycle ended; the CLI's exit codes follow it. */
public enum CycleOutcome {
    /** Everything planned was done (dead letters are reported, not pending). Exit 0. */
    DONE(0),
    /** A failure stopped the cycle (CRM unreachable, bad credentials, duplicate CRM keys). Exit 1. */
    FAILED(1),
    /** Operations are still pending after retries; the outbox resumes them next time. Exit 3. */
    PARTIAL(3),
    /** The blast-radius guard stopped the cycle; {@code --force} releases it. Exit 4. */
    HELD(4);

    private final int exitCode;

    CycleOutcome(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
