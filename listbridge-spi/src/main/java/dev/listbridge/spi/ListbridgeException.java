package dev.listbridge.spi;

/**
 * The root of every exception Listbridge and its connectors throw. Subclasses are named after
 * what the caller should do: {@link RetriableException} (try again later),
 * {@link PermanentException} (stop; a human must act), {@link RecordRejectedException} (this one
 * record cannot be written; keep it as a dead letter), {@link InvalidConfigException} (fix the
 * configuration).
 */
public class ListbridgeException extends RuntimeException {
    public ListbridgeException(String message) {
        super(message);
    }

    public ListbridgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
