package dev.listbridge.sandbox.internal.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Tags, which Mailchimp keeps as static segments. Tag changes do not move a member's
 * {@code last_changed} [inf: Mailchimp documents no effect, and a tag is not a profile field].
 */
public final class Tagging {
    /** What a static-segment batch call did. {@code notMembers}: addresses that are no (active) list member. */
    public record BatchResult(List<Member> added, List<Member> removed, List<String> notMembers) {
    }

    private final MailchimpState state;

    public Tagging(MailchimpState state) {
        this.state = state;
    }

    /** POST /segments with {@code static_segment}: a new tag, holding those of the addresses that are members. */
    public Segment createStaticSegment(String listId, String name, Collection<String> addresses) {
        return state.locked(() -> {
            Audience audience = state.requireAudience(listId);
            if (audience.segmentNamed(name).isPresent()) {
                // [inf] Mailchimp keeps tag names unique per audience; its exact wording is unknown.
                throw RefusedException.invalid("name", "A tag or segment named '" + name + "' already exists.");
            }
            Instant now = state.now();
            Segment segment = newSegment(audience, name, now);
            for (String address : addresses) {
                audience.findMember(address).filter(Tagging::active).ifPresent(member -> segment.add(member, now));
            }
            return segment;
        });
    }

    /** POST /segments/{id}: add and remove members by address. */
    public BatchResult batch(String listId, long segmentId, List<String> toAdd, List<String> toRemove) {
        return state.locked(() -> {
            Audience audience = state.requireAudience(listId);
            Segment segment = audience.segment(segmentId).orElseThrow(RefusedException::notFound);
            Instant now = state.now();
            List<Member> added = new ArrayList<>();
            List<Member> removed = new ArrayList<>();
            Set<String> notMembers = new LinkedHashSet<>();
            for (String address : toAdd) {
                audience.findMember(address).filter(Tagging::active).ifPresentOrElse(
                        member -> {
                            if (segment.add(member, now)) {
                                added.add(member);
                            }
                        },
                        () -> notMembers.add(address));
            }
            for (String address : toRemove) {
                audience.findMember(address).filter(Tagging::active).ifPresentOrElse(
                        member -> {
                            if (segment.remove(member, now)) {
                                removed.add(member);
                            }
                        },
                        () -> notMembers.add(address));
            }
            return new BatchResult(added, removed, List.copyOf(notMembers));
        });
    }

    /** POST /members/{hash}/tags: {@code active} adds (creating the tag when new), inactive removes. */
    public void memberTags(String listId, String pathKey, List<String> activate, List<String> deactivate) {
        state.locked(() -> {
            Audience audience = state.requireAudience(listId);
            Member member = audience.findMember(pathKey).orElseThrow(RefusedException::notFound);
            Instant now = state.now();
            applyTagNames(audience, member, activate, false, now);
            for (String name : deactivate) {
                audience.segmentNamed(name).ifPresent(segment -> segment.remove(member, now));
            }
        });
    }

    /** Adds the named tags (creating missing ones); with {@code replace}, removes every other tag. */
    void applyTagNames(Audience audience, Member member, List<String> names, boolean replace, Instant now) {
        for (String name : names) {
            audience.segmentNamed(name).orElseGet(() -> newSegment(audience, name, now)).add(member, now);
        }
        if (replace) {
            for (Segment segment : audience.tagsOf(member)) {
                if (!names.contains(segment.name())) {
                    segment.remove(member, now);
                }
            }
        }
    }

    private Segment newSegment(Audience audience, String name, Instant now) {
        Segment segment = new Segment(state.ids().next(), name, now);
        audience.addSegment(segment);
        return segment;
    }

    private static boolean active(Member member) {
        return member.status() != MemberStatus.ARCHIVED;
    }
}
