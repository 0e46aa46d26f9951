package dev.listbridge.engine.internal;

import dev.listbridge.spi.ListbridgeException;
import dev.listbridge.spi.RetriableException;

/** The CRM could not be read after retries: the cycle fails (exit 1), unlike a tool that is down (partial). */
final class CrmUnavailableException extends ListbridgeException {
    CrmUnavailableException(RetriableException cause) {
        super(cause.getMessage(), cause);
    }
}
