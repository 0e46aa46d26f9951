package dev.listbridge.bench;

/**
 * An option's value that turned out unusable only when the run began (a work folder that cannot be created): a usage
 * error like a malformed option, exit 2, its message saying which option, what was wrong and what is expected.
 */
final class BadOptionException extends RuntimeException {
    BadOptionException(String message) {
        super(message);
    }
}
