package dev.listbridge.reliability.history;

/**
 * Something a history's end state or traffic shows that must not be: {@code check} names the invariant of
 * DESIGN.md section 3 (I1 to I7) or the reference model's comparison (M...) that failed.
 */
record Violation(String check, String detail) {
    @Override
    public String toString() {
        return check + ": " + detail;
    }
}
