package dev.listbridge.spi;

/**
 * The tool refused one record (an invalid address, a state it will not allow). The record becomes a
 * dead letter with the tool's text; everything else goes on.
 */
public class RecordRejectedException extends ListbridgeException {
    private final RejectReason reason;

    public RecordRejectedException(RejectReason reason, String toolMessage) {
        super(toolMessage);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
