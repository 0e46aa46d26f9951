package dev.listbridge.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened to a member in a tool. Tools that only offer member state (polling) report
 * what they observe: a member now unsubscribed is an {@link Unsubscribed}, and so on; the engine
 * recognizes its own writes (echoes) and decides what the observation means.
 *
 * <p>Every event has a stable {@link #eventId()}: the same happening, read twice (an overlapping pull,
 * a webhook and a pull, a redelivered webhook) yields the same id, so the engine applies it once.
 * For state observations the id is built from (member, change time, status). Ids that sort by time (the change
 * time first, as a fixed-width number) are cheaper to keep: the engine records every applied id, and new ids then land
 * together at the end of that record's index instead of all over it.
 */
public sealed interface ToolEvent {

    String eventId();

    /** The tool's id of the member, or null if the tool has none for this event. */
    String memberId();

    /** The address the event concerns, as the tool reported it. */
    Address address();

    /** When it happened, as precisely as the tool says (Mailchimp: to the second). */
    Instant occurredAt();

    /** The recipient (or an admin in the tool) opted out. */
    record Unsubscribed(String eventId, String memberId, Address address, Instant occurredAt, String reason)
            implements ToolEvent {
        public Unsubscribed {
            requireCommon(eventId, address, occurredAt);
        }
    }

    /** Permanent delivery failure: the tool no longer mails the address ("cleaned"). */
    record HardBounced(String eventId, String memberId, Address address, Instant occurredAt, String reason)
            implements ToolEvent {
        public HardBounced {
            requireCommon(eventId, address, occurredAt);
        }
    }

    /** Temporary delivery failure. */
    record SoftBounced(String eventId, String memberId, Address address, Instant occurredAt, String campaignId)
            implements ToolEvent {
        public SoftBounced {
            requireCommon(eventId, address, occurredAt);
        }
    }

    /** The recipient marked a mailing as spam (abuse report). Counts as an opt-out, for every audience. */
    record Complained(String eventId, String memberId, Address address, Instant occurredAt, String campaignId)
            implements ToolEvent {
        public Complained {
            requireCommon(eventId, address, occurredAt);
        }
    }

    /**
     * The member is now subscribed or pending: a signup through the tool's form, a confirmation, or
     * the echo of Listbridge's own write. {@code status} is SUBSCRIBED or PENDING.
     */
    record Subscribed(String eventId, String memberId, Address address, Instant occurredAt,
                      SubscriptionStatus status, Map<String, String> fields) implements ToolEvent {
        public Subscribed {
            requireCommon(eventId, address, occurredAt);
            if (status != SubscriptionStatus.SUBSCRIBED && status != SubscriptionStatus.PENDING) {
                throw new IllegalArgumentException("Subscribed carries SUBSCRIBED or PENDING, not " + status);
            }
            fields = Map.copyOf(fields);
        }
    }

    /** The member was archived in the tool (by a person or by Listbridge). */
    record Archived(String eventId, String memberId, Address address, Instant occurredAt) implements ToolEvent {
        public Archived {
            requireCommon(eventId, address, occurredAt);
        }
    }

    /** Fields were edited in the tool. */
    record ProfileChanged(String eventId, String memberId, Address address, Instant occurredAt,
                          Map<String, String> fields) implements ToolEvent {
        public ProfileChanged {
            requireCommon(eventId, address, occurredAt);
            fields = Map.copyOf(fields);
        }
    }

    /** The address was changed in the tool; {@link #address()} is the old one. */
    record AddressChanged(String eventId, String memberId, Address address, Instant occurredAt, Address newAddress)
            implements ToolEvent {
        public AddressChanged {
            requireCommon(eventId, address, occurredAt);
            Objects.requireNonNull(newAddress, "newAddress");
        }
    }

    private static void requireCommon(String eventId, Address address, Instant occurredAt) {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
