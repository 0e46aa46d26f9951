package dev.listbridge.sandbox.internal.model;

import static dev.listbridge.sandbox.internal.model.MemberStatus.ARCHIVED;

import dev.listbridge.sandbox.internal.model.RefusedException.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Member writes made through the API: POST, PUT, PATCH, DELETE and batch subscribe. */
public final class MemberWriter {
    /** How a write treats a member that exists already. */
    public enum Mode {
        /** POST /members: an existing member is "Member Exists". */
        CREATE,
        /** PUT /members/{hash}: add or update; {@code status_if_new} for new members. */
        UPSERT,
        /** PATCH /members/{hash}: the member must exist; may change its address. */
        UPDATE,
        /** Batch subscribe without update_existing: an existing member is a per-member error. */
        BATCH_ADD,
        /** Batch subscribe with update_existing. */
        BATCH_UPSERT
    }

    public record Outcome(Member member, boolean created) {
    }

    private static final String SOURCE = "api";

    private final MailchimpState state;
    private final Tagging tagging;

    public MemberWriter(MailchimpState state, Tagging tagging) {
        this.state = state;
        this.tagging = tagging;
    }

    public Outcome write(String listId, String pathKey, MemberWrite write, Mode mode,
                         boolean skipMergeValidation, boolean syncTags) {
        return state.locked(() -> {
            Audience audience = state.requireAudience(listId);
            String address = write.emailAddress();
            if (address != null) {
                EmailAddresses.problem(address).ifPresent(problem -> {
                    throw RefusedException.invalid("email_address", problem);
                });
            }
            Member existing = find(audience, pathKey, address, mode);
            // An archived member is out of the audience: adding it again is allowed, and keeps its history.
            boolean absent = existing == null || existing.status() == ARCHIVED;
            if (!absent && (mode == Mode.CREATE || mode == Mode.BATCH_ADD)) {
                throw memberExists(existing.emailAddress(), mode);
            }
            MemberStatus target = targetStatus(write, mode, absent);
            Map<String, String> fields = MergeFieldRules.check(audience, write.mergeFields(), existing == null && !skipMergeValidation);
            if (target != null && existing != null
                    && !StatusPolicy.apiMaySet(existing.complianceStatus(), existing.complained(), target)) {
                throw complianceState(existing.emailAddress());
            }
            if (mode == Mode.UPDATE && address != null && !EmailAddresses.subscriberHash(address).equals(existing.id())) {
                audience.findMember(address).ifPresent(other -> {
                    throw RefusedException.invalid("email_address",
                            "A list member with the address " + address + " already exists.");
                });
            }
            return apply(audience, existing, write, mode, target, fields, syncTags);
        });
    }

    /** DELETE /members/{hash}: archives. */
    public Member archive(String listId, String pathKey) {
        return state.locked(() -> {
            Audience audience = state.requireAudience(listId);
            Member member = audience.findMember(pathKey).orElseThrow(RefusedException::notFound);
            if (!StatusPolicy.apiMayArchive(member.status())) {
                throw new RefusedException(Reason.CANNOT_ARCHIVE, "This list member cannot be removed.  Please contact support.");
            }
            Instant now = state.now();
            MemberChanges.status(member, ARCHIVED, now, null);
            MemberChanges.touched(member, now);
            state.emit(ListEvents.unsubscribe(audience, member, SOURCE, now, "delete", "manual", null));
            return member;
        });
    }

    private Outcome apply(Audience audience, Member existing, MemberWrite write, Mode mode, MemberStatus target,
                          Map<String, String> fields, boolean syncTags) {
        Instant now = state.now();
        boolean created = existing == null;
        Member member = created ? audience.addMember(state.ids(), write.emailAddress(), "API - Generic") : existing;
        List<ListEvent> events = new ArrayList<>();
        boolean changed = created;
        if (created) {
            member.timestampSignup(write.timestampSignup());
            if (write.ipSignup() != null) {
                member.ipSignup(write.ipSignup());
            }
        }
        if (mode == Mode.UPDATE && write.emailAddress() != null && !write.emailAddress().equals(member.emailAddress())) {
            String oldAddress = member.emailAddress();
            boolean newHash = !EmailAddresses.subscriberHash(write.emailAddress()).equals(member.id());
            audience.changeAddress(member, write.emailAddress());
            changed = true;
            if (newHash) {
                events.add(ListEvents.upemail(audience, member, oldAddress, SOURCE, now));
            }
        }
        boolean profileChanged = MemberChanges.mergeFields(member, fields) | otherAttributes(member, write);
        changed |= profileChanged;
        if (target != null) {
            if (MemberChanges.status(member, target, now, MemberChanges.ADMIN_UNSUBSCRIBE_REASON)) {
                changed = true;
                if (target == MemberStatus.SUBSCRIBED && write.timestampOpt() != null) {
                    member.timestampOpt(write.timestampOpt());
                }
                statusEvent(audience, member, now).ifPresent(events::add);
            }
        }
        if (write.ipOpt() != null) {
            member.ipOpt(write.ipOpt());
        }
        if (profileChanged && !created && events.isEmpty()) {
            events.add(ListEvents.profile(audience, member, SOURCE, now));
        }
        if (write.tags() != null || syncTags) {
            tagging.applyTagNames(audience, member, write.tags() == null ? List.of() : write.tags(), syncTags, now);
        }
        if (changed) {
            MemberChanges.touched(member, now);
        }
        events.forEach(state::emit);
        return new Outcome(member, created);
    }

    private static Optional<ListEvent> statusEvent(Audience audience, Member member, Instant now) {
        return switch (member.status()) {
            case SUBSCRIBED -> Optional.of(ListEvents.subscribe(audience, member, SOURCE, now));
            case UNSUBSCRIBED -> Optional.of(ListEvents.unsubscribe(audience, member, SOURCE, now, "unsub", "manual", null));
            case CLEANED -> Optional.of(ListEvents.cleaned(audience, member, SOURCE, now, "hard", null));
            default -> Optional.empty();
        };
    }

    private static boolean otherAttributes(Member member, MemberWrite write) {
        boolean changed = false;
        if (write.language() != null && !write.language().equals(member.language())) {
            member.language(write.language());
            changed = true;
        }
        if (write.vip() != null && write.vip() != member.vip()) {
            member.vip(write.vip());
            changed = true;
        }
        if (write.emailType() != null && !write.emailType().equals(member.emailType())) {
            member.emailType(write.emailType());
            changed = true;
        }
        for (Map.Entry<String, Boolean> interest : write.interests().entrySet()) {
            changed |= !Objects.equals(member.interests().put(interest.getKey(), interest.getValue()), interest.getValue());
        }
        return changed;
    }

    private static Member find(Audience audience, String pathKey, String address, Mode mode) {
        return switch (mode) {
            case CREATE, BATCH_ADD, BATCH_UPSERT -> audience.findMember(requireAddress(address)).orElse(null);
            case UPDATE -> audience.findMember(pathKey).orElseThrow(RefusedException::notFound);
            case UPSERT -> {
                requireAddress(address);
                Member byPath = audience.findMember(pathKey).orElse(null);
                String hash = EmailAddresses.subscriberHash(address);
                boolean pathNamesAddress = byPath != null ? byPath.id().equals(hash)
                        : pathKey.equalsIgnoreCase(hash) || pathKey.equalsIgnoreCase(address);
                if (!pathNamesAddress) {
                    throw RefusedException.invalid("email_address",
                            "The email_address in the body does not match the subscriber hash in the URL.");
                }
                yield byPath;
            }
        };
    }

    private static String requireAddress(String address) {
        if (address == null) {
            throw RefusedException.invalid("email_address", "This value should not be blank.");
        }
        return address;
    }

    private static MemberStatus targetStatus(MemberWrite write, Mode mode, boolean absent) {
        if (!absent || mode == Mode.UPDATE) {
            return write.status();
        }
        MemberStatus status = mode == Mode.UPSERT && write.status() == null ? write.statusIfNew() : write.status();
        if (status == null) {
            String field = mode == Mode.UPSERT ? "status_if_new" : "status";
            throw RefusedException.invalid(field, "This value should not be blank.");
        }
        return status;
    }

    private static RefusedException memberExists(String address, Mode mode) {
        String detail = mode == Mode.BATCH_ADD
                // batch wording [3p: recorded batch responses]
                ? address + " is already a list member, do you want to update? please provide update_existing:true in the request body"
                : address + " is already a list member. Use PUT to insert or update list members.";
        return new RefusedException(Reason.MEMBER_EXISTS, detail);
    }

    static RefusedException complianceState(String address) {
        return new RefusedException(Reason.COMPLIANCE_STATE, address
                + " is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.");
    }
}
