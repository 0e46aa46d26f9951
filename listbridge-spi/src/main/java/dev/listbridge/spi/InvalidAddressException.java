package dev.listbridge.spi;

/** An address that is empty or malformed; reported, never pushed. */
public class InvalidAddressException extends ListbridgeException {
    private final String raw;
    private final String problem;

    public InvalidAddressException(String raw, String problem) {
        super((raw == null ? "NULL" : "'" + raw + "'") + ": " + problem);
        this.raw = raw;
        this.problem = problem;
    }

    /** The address as given, possibly null. */
    public String raw() {
        return raw;
    }

    /** What is wrong with it, e.g. "expected local-part@domain". */
    public String problem() {
        return problem;
    }

    /**
     * Without a stack trace: this is a finding about data, not a fault in code. A full cycle parses every contact's
     * address, and one with a few percent invalid addresses threw tens of thousands per cycle, the stack trace of each
     * costing more than its parse (about 3 % of a steady cycle at a million contacts).
     */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
