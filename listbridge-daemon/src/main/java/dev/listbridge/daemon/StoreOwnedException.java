package dev.listbridge.daemon;

/** Another live process (a daemon or a one-off sync) owns the state store: stop it, or wait for it to finish. */
public final class StoreOwnedException extends DaemonStartException {
    public StoreOwnedException(String message) {
        super(message);
    }
}
