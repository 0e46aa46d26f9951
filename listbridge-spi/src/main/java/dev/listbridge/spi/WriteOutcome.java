package dev.listbridge.spi;

import java.time.Instant;
import java.util.Objects;

/** What became of one record of a batch call. */
public sealed interface WriteOutcome {

    Address address();

    /**
     * Written; {@code memberId} is the tool's id of the member (null if it has none).
     *
     * @param lastChanged the tool's own time of the member's last change as its answer gave it (Mailchimp:
     *                    {@code last_changed}), or null where the tool's answer has none. The engine compares it
     *                    with the change times a later poll reports, both on the tool's clock, to tell its own
     *                    write coming back from the recipient's later action to the same status.
     * @since 1.2 ({@code lastChanged}; a connector of SPI 1.1 uses the three-argument constructor: no time)
     */
    record Applied(Address address, String memberId, boolean created, Instant lastChanged) implements WriteOutcome {
        public Applied {
            Objects.requireNonNull(address, "address");
        }

        public Applied(Address address, String memberId, boolean created) {
            this(address, memberId, created, null);
        }
    }

    /** Refused by the tool, with its own words; the rest of the batch is unaffected. */
    record Rejected(Address address, RejectReason reason, String toolMessage) implements WriteOutcome {
        public Rejected {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(toolMessage, "toolMessage");
        }
    }
}
