package dev.listbridge.spi;

/**
 * One key a connector accepts in its section of the config file. Secrets are masked wherever
 * configuration is shown or logged.
 */
public record ConfigField(String name, boolean required, boolean secret, String description) {
}
