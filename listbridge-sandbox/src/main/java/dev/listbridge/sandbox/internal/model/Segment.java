package dev.listbridge.sandbox.internal.model;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A static segment. In Mailchimp a tag is a static segment: a member's {@code tags} are the
 * static segments it belongs to. Membership is kept by contact id so it survives address changes.
 */
public final class Segment {
    private final long id;
    private final String name;
    private final Instant createdAt;
    private Instant updatedAt;
    private final Set<String> contactIds = new LinkedHashSet<>();

    Segment(long id, String name, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    public long id() { return id; }
    public String name() { return name; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
    public boolean contains(Member member) { return contactIds.contains(member.contactId()); }
    public Set<String> contactIds() { return Set.copyOf(contactIds); }
    public int size() { return contactIds.size(); }

    boolean add(Member member, Instant now) {
        boolean added = contactIds.add(member.contactId());
        if (added) {
            updatedAt = now;
        }
        return added;
    }

    boolean remove(Member member, Instant now) {
        boolean removed = contactIds.remove(member.contactId());
        if (removed) {
            updatedAt = now;
        }
        return removed;
    }
}
