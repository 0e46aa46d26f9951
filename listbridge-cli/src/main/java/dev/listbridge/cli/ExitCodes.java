package dev.listbridge.cli;

/** The CLI's exit codes (DESIGN.md section 9). */
final class ExitCodes {
    static final int DONE = 0;
    static final int FAILED = 1;
    static final int CONFIG = 2;
    static final int PARTIAL = 3;
    static final int HELD = 4;

    private ExitCodes() {
    }
}
