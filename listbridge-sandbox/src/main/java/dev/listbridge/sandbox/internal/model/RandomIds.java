package dev.listbridge.sandbox.internal.model;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/** Identifiers shaped like Mailchimp's: 10-hex-char list and webhook ids, numeric web ids. */
public final class RandomIds {
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong webIds = new AtomicLong(100_000_001L);
    private final AtomicLong sequence = new AtomicLong(1);

    public String hex(int characters) {
        byte[] bytes = new byte[(characters + 1) / 2];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes).substring(0, characters);
    }

    public long nextWebId() {
        return webIds.getAndIncrement();
    }

    /** Small increasing numbers for segments, abuse reports and merge ids. */
    public long next() {
        return sequence.getAndIncrement();
    }
}
