package dev.listbridge.sandbox.internal.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A member's status as Mailchimp spells it on the wire ({@code subscribed}, {@code archived}, ...). */
public enum MemberStatus {
    SUBSCRIBED, UNSUBSCRIBED, CLEANED, PENDING, TRANSACTIONAL,
    /** Only in responses and the list filter; reached through DELETE, never written as a status. */
    ARCHIVED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MemberStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(status -> status.wire().equals(value)).findFirst();
    }

    /** The values PUT, POST and batch subscribe accept for {@code status} / {@code status_if_new}. */
    public boolean writable() {
        return this != ARCHIVED;
    }
}
