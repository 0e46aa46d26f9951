package dev.listbridge.daemon;

import dev.listbridge.spi.ListbridgeException;

/** The daemon cannot start (port taken, store owned by another daemon, no usable store): fix and start again. */
public class DaemonStartException extends ListbridgeException {
    public DaemonStartException(String message) {
        super(message);
    }

    public DaemonStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
