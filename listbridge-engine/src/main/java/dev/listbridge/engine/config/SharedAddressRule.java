package dev.listbridge.engine.config;

/**
 * Which contact owns the one member of an address several contacts share (DESIGN.md 6.5); key
 * {@code sharedAddress}, spelled {@code lowestKey | highestKey}, default {@code lowestKey}.
 */
public enum SharedAddressRule {
    LOWEST_KEY,
    HIGHEST_KEY
}
