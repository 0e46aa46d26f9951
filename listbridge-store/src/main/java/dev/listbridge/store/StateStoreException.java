package dev.listbridge.store;

import dev.listbridge.spi.ListbridgeException;

/** The state store cannot be opened, migrated or written. The cycle stops; nothing is half-done. */
public class StateStoreException extends ListbridgeException {
    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StateStoreException(String message) {
        super(message);
    }
}
