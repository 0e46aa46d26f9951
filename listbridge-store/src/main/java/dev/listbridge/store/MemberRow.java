package dev.listbridge.store;

import java.util.Set;

/**
 * The tool's member for one address in one audience, as Listbridge last knew or intended it.
 *
 * @param statusBy  who set the status last: {@code listbridge} (an echo of it is no event) or {@code tool}
 * @param ownership {@code created} or {@code adopted} (Listbridge may change it) or {@code foreign} (never touched)
 * @param released  a retired address the recipient re-subscribed in the tool: no longer changed by Listbridge
 * @param tags      the tags Listbridge manages on this member
 * @param writtenAt the tool's own change time (epoch millis, the tool's clock) of an unsubscribe Listbridge wrote,
 *                  from the tool's answer, while the status is that one; null otherwise or if the answer had none
 */
public record MemberRow(String audience, String emailKey, String address, String memberId, String status,
                        String statusBy, long statusAt, String ownership, boolean released, Long pendingSince,
                        Set<String> tags, Long writtenAt) {
    public MemberRow {
        tags = Set.copyOf(tags);
    }

    public MemberRow(String audience, String emailKey, String address, String memberId, String status, String statusBy,
                     long statusAt, String ownership, boolean released, Long pendingSince, Set<String> tags) {
        this(audience, emailKey, address, memberId, status, statusBy, statusAt, ownership, released, pendingSince, tags, null);
    }

    public boolean managed() {
        return !released && ("created".equals(ownership) || "adopted".equals(ownership));
    }

    public MemberRow withStatus(String newStatus, String by, long at) {
        Long pending = "pending".equals(newStatus) ? (pendingSince != null && "pending".equals(status) ? pendingSince : at) : null;
        return new MemberRow(audience, emailKey, address, memberId, newStatus, by, at, ownership, released, pending, tags, null);
    }

    public MemberRow withOwnership(String newOwnership) {
        return new MemberRow(audience, emailKey, address, memberId, status, statusBy, statusAt, newOwnership, released,
                pendingSince, tags, writtenAt);
    }

    public MemberRow withTags(Set<String> newTags) {
        return new MemberRow(audience, emailKey, address, memberId, status, statusBy, statusAt, ownership, released,
                pendingSince, newTags, writtenAt);
    }

    public MemberRow withMemberId(String id) {
        return new MemberRow(audience, emailKey, address, id, status, statusBy, statusAt, ownership, released, pendingSince, tags,
                writtenAt);
    }

    /** The tool's change time of the unsubscribe Listbridge wrote, as the tool's answer gave it. */
    public MemberRow withWrittenAt(long toolTime) {
        return new MemberRow(audience, emailKey, address, memberId, status, statusBy, statusAt, ownership, released,
                pendingSince, tags, toolTime);
    }

    public MemberRow asReleased() {
        return new MemberRow(audience, emailKey, address, memberId, status, statusBy, statusAt, ownership, true,
                pendingSince, tags, writtenAt);
    }
}
