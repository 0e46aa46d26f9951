package dev.listbridge.spi;

/**
 * A failure that will not pass by retrying: bad credentials, a missing audience, a disabled account,
 * a quota. The cycle stops and reports it.
 */
public class PermanentException extends ListbridgeException {
    private final int httpStatus;

    public PermanentException(String message, int httpStatus) {
        super(message);
        this.httpStatus = httpStatus;
    }

    public PermanentException(String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = 0;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
