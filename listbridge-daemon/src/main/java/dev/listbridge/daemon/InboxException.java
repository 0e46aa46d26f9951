package dev.listbridge.daemon;

import dev.listbridge.spi.ListbridgeException;

/** The inbox's database failed; the webhook is answered 503 so the tool sends it again. */
public final class InboxException extends ListbridgeException {
    public InboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
