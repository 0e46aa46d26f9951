package dev.listbridge.bench;

/**
 * An option's value the benchmark cannot run with (out of range, a database name that is not plain, a work folder that
 * cannot be created): a usage error, exit 2, its message saying which option, what was wrong and what is expected.
 */
final class BadOptionException extends RuntimeException {
    BadOptionException(String message) {
        super(message);
    }
}
