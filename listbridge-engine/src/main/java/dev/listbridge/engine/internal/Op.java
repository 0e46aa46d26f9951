package dev.listbridge.engine.internal;

import java.util.Map;

/** An operation journaled in the outbox before it is attempted. Stored as JSON; {@link #kind()} selects the type. */
public sealed interface Op {

    String kind();

    /**
     * Create or update a member. {@code consentNewer}: no opt-out in force is newer than the CRM's consent,
     * so a tool's refusal to subscribe (compliance state) may be answered with a double opt-in.
     */
    record Upsert(String contactKey, String address, String status, Map<String, String> fields, boolean consentNewer,
                  String reason) implements Op {
        public String kind() {
            return "upsert";
        }
    }

    record Unsubscribe(String contactKey, String address, String reason) implements Op {
        public String kind() {
            return "unsubscribe";
        }
    }

    record Archive(String contactKey, String address, String reason) implements Op {
        public String kind() {
            return "archive";
        }
    }

    /**
     * @param fields the contact's fields when the rename was planned, for a member of its own at {@code to} if the rename
     *               is not made (null in renames journaled before they were recorded)
     */
    record Rename(String contactKey, String from, String to, Map<String, String> fields) implements Op {
        public String kind() {
            return "rename";
        }
    }

    record Tag(String address, String tag, boolean add) implements Op {
        public String kind() {
            return "tag";
        }
    }

    /** A CRM write-back: a configured statement and its parameter values. */
    record WriteBack(String statement, String sql, String contactKey, String email, String newEmail, Long occurredAt,
                     String reason, String eventId) implements Op {
        public String kind() {
            return "writeback";
        }
    }

    static Class<? extends Op> type(String kind) {
        return switch (kind) {
            case "upsert" -> Upsert.class;
            case "unsubscribe" -> Unsubscribe.class;
            case "archive" -> Archive.class;
            case "rename" -> Rename.class;
            case "tag" -> Tag.class;
            case "writeback" -> WriteBack.class;
            default -> throw new IllegalArgumentException("unknown outbox operation '" + kind + "'");
        };
    }
}
