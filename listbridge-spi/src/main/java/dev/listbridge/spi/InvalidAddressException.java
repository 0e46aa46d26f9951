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
}
