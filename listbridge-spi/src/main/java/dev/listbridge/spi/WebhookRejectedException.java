package dev.listbridge.spi;

/**
 * A webhook request the connector refuses: the runtime answers with {@link #status()} and the message,
 * and stores nothing. 400 for a malformed body or missing fields, 401 for a missing or wrong signature,
 * 415 for a content type the tool never sends.
 *
 * @since 1.1
 */
public final class WebhookRejectedException extends ListbridgeException {
    private final int status;

    public WebhookRejectedException(int status, String message) {
        super(message);
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("a rejected webhook is answered with a 4xx status, was " + status);
        }
        this.status = status;
    }

    public int status() {
        return status;
    }
}
