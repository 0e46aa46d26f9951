package dev.listbridge.spi;

import java.util.Objects;

/** What became of one record of a batch call. */
public sealed interface WriteOutcome {

    Address address();

    /** Written; {@code memberId} is the tool's id of the member (null if it has none). */
    record Applied(Address address, String memberId, boolean created) implements WriteOutcome {
        public Applied {
            Objects.requireNonNull(address, "address");
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
