package dev.listbridge.sandbox.internal.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What people do in the tool rather than through the API: the unsubscribe link, the signup form,
 * the confirmation link, bounce processing, spam complaints, profile edits. These are not bound by
 * {@link StatusPolicy} (people may re-subscribe through the form) and each moves {@code last_changed}.
 * An unknown list or member is a mistake in the calling test: {@link IllegalArgumentException};
 * an action the member's state makes impossible: {@link IllegalStateException}.
 */
public final class RecipientActions {
    private static final String SOURCE = "user";

    private final MailchimpState state;

    public RecipientActions(MailchimpState state) {
        this.state = state;
    }

    public void unsubscribe(String listId, String address, String reason) {
        state.locked(() -> {
            Audience audience = state.audienceForAction(listId);
            Member member = member(audience, address);
            if (member.status() == MemberStatus.CLEANED || member.status() == MemberStatus.ARCHIVED) {
                throw new IllegalStateException(address + " is " + member.status().wire() + " and gets no mail to unsubscribe from");
            }
            Instant now = state.now();
            if (MemberChanges.status(member, MemberStatus.UNSUBSCRIBED, now, reason)) {
                MemberChanges.touched(member, now);
                state.emit(ListEvents.unsubscribe(audience, member, SOURCE, now, "unsub", "manual", null));
            }
        });
    }

    /** Bounce processing is Mailchimp's own: it cleans an address whatever its status. */
    public void hardBounce(String listId, String address) {
        state.locked(() -> {
            Audience audience = state.audienceForAction(listId);
            Member member = member(audience, address);
            Instant now = state.now();
            if (MemberChanges.status(member, MemberStatus.CLEANED, now, null)) {
                MemberChanges.touched(member, now);
                state.emit(ListEvents.cleaned(audience, member, "admin", now, "hard", null));
            }
        });
    }

    /**
     * A spam complaint: recorded as an abuse report and the member unsubscribed. Source:
     * Mailchimp's help "About Feedback Loops" (kb.mailchimp.com/article/about-feedbackloop): "The
     * abuse complaint causes the recipient to be automatically unsubscribed", and "About Accidental
     * Abuse Complaints" (mailchimp.com/help): "we remove the contact from your audience"; rejoining
     * needs the Mailchimp signup form [doc, page copies, not in specs/]. Webhook notes list a cleaned
     * reason "abuse" too [3p]; we follow the help pages.
     */
    public void complain(String listId, String address, String campaignId) {
        state.locked(() -> {
            Audience audience = state.audienceForAction(listId);
            Member member = member(audience, address);
            Instant now = state.now();
            audience.addAbuseReport(new AbuseReport(state.ids().next(), campaignId, audience.id(), member.id(),
                    member.emailAddress(), now, Map.copyOf(member.mergeFields()), member.vip()));
            member.complained(true);
            if (MemberChanges.status(member, MemberStatus.UNSUBSCRIBED, now, "abuse")) {
                state.emit(ListEvents.unsubscribe(audience, member, SOURCE, now, "unsub", "abuse", campaignId));
            }
            MemberChanges.touched(member, now);
        });
    }

    /**
     * The hosted signup form: pending on a double-opt-in audience, else subscribed. Anyone may
     * (re-)join through the form, including after an unsubscribe, a bounce or a complaint.
     */
    public void signup(String listId, String address, Map<String, String> mergeFields) {
        state.locked(() -> {
            Audience audience = state.audienceForAction(listId);
            EmailAddresses.problem(address).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
            Map<String, String> fields = MergeFieldRules.check(audience, mergeFields, false);
            Instant now = state.now();
            Member member = audience.findMember(address)
                    .orElseGet(() -> audience.addMember(state.ids(), address, "Hosted Signup Form"));
            member.complained(false);
            if (member.timestampSignup() == null || member.status() != MemberStatus.SUBSCRIBED) {
                member.timestampSignup(now);
            }
            MemberChanges.mergeFields(member, fields);
            if (member.status() != MemberStatus.SUBSCRIBED) {
                MemberStatus target = audience.doubleOptin() ? MemberStatus.PENDING : MemberStatus.SUBSCRIBED;
                MemberChanges.status(member, target, now, null);
                if (target == MemberStatus.SUBSCRIBED) {
                    state.emit(ListEvents.subscribe(audience, member, SOURCE, now));
                }
            } else {
                state.emit(ListEvents.profile(audience, member, SOURCE, now));
            }
            MemberChanges.touched(member, now);
        });
    }

    /** The confirmation link of double opt-in. */
    public void confirm(String listId, String address) {
        state.locked(() -> {
            Audience audience = state.audienceForAction(listId);
            Member member = member(audience, address);
            if (member.status() != MemberStatus.PENDING) {
                throw new IllegalStateException(address + " is " + member.status().wire() + ", not pending");
            }
            Instant now = state.now();
            MemberChanges.status(member, MemberStatus.SUBSCRIBED, now, null);
            MemberChanges.touched(member, now);
            state.emit(ListEvents.subscribe(audience, member, SOURCE, now));
        });
    }

    public void editProfile(String listId, String address, Map<String, String> mergeFields) {
        state.locked(() -> {
            Audience audience = state.audienceForAction(listId);
            Member member = member(audience, address);
            Map<String, String> fields = checkedForAction(audience, mergeFields);
            Instant now = state.now();
            MemberChanges.mergeFields(member, fields);
            MemberChanges.touched(member, now);
            state.emit(ListEvents.profile(audience, member, SOURCE, now));
        });
    }

    /** The member changes its own address in the profile form: same member, new id. */
    public void changeAddress(String listId, String oldAddress, String newAddress) {
        state.locked(() -> {
            Audience audience = state.audienceForAction(listId);
            Member member = member(audience, oldAddress);
            EmailAddresses.problem(newAddress).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
            audience.findMember(newAddress).filter(other -> other != member).ifPresent(other -> {
                throw new IllegalStateException(newAddress + " is already a member of list " + listId);
            });
            Instant now = state.now();
            audience.changeAddress(member, newAddress);
            MemberChanges.touched(member, now);
            state.emit(ListEvents.upemail(audience, member, oldAddress, SOURCE, now));
        });
    }

    /** What {@link #bulk} did: the addresses of the members that acted, as the audience spells them. */
    public record BulkOutcome(List<String> unsubscribed, List<String> hardBounced, List<String> complained) {
        public BulkOutcome {
            unsubscribed = List.copyOf(unsubscribed);
            hardBounced = List.copyOf(hardBounced);
            complained = List.copyOf(complained);
        }
    }

    /**
     * Many recipients act at once, for load tests, without a request per action: distinct subscribed
     * members picked at random (seeded, so a run can be repeated) unsubscribe, bounce hard or complain,
     * each exactly as the single actions above, all under one hold of the lock.
     *
     * @throws IllegalArgumentException when the audience has fewer subscribed members than actions asked for
     */
    public BulkOutcome bulk(String listId, int unsubscribes, int hardBounces, int complaints, long seed) {
        if (unsubscribes < 0 || hardBounces < 0 || complaints < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        return state.locked(() -> {
            Audience audience = state.audienceForAction(listId);
            List<String> subscribed = new ArrayList<>();
            for (Member member : audience.members()) {
                if (member.status() == MemberStatus.SUBSCRIBED) {
                    subscribed.add(member.emailAddress());
                }
            }
            int wanted = unsubscribes + hardBounces + complaints;
            if (wanted > subscribed.size()) {
                throw new IllegalArgumentException(wanted + " actions asked for, but list " + listId + " has only "
                        + subscribed.size() + " subscribed members");
            }
            Collections.shuffle(subscribed, new Random(seed));
            List<String> unsubscribed = subscribed.subList(0, unsubscribes);
            List<String> bounced = subscribed.subList(unsubscribes, unsubscribes + hardBounces);
            List<String> complained = subscribed.subList(unsubscribes + hardBounces, wanted);
            unsubscribed.forEach(address -> unsubscribe(listId, address, "bulk"));
            bounced.forEach(address -> hardBounce(listId, address));
            complained.forEach(address -> complain(listId, address, "bulk"));
            return new BulkOutcome(unsubscribed, bounced, complained);
        });
    }

    private static Member member(Audience audience, String address) {
        return audience.findMember(address)
                .orElseThrow(() -> new IllegalArgumentException("no member " + address + " in list " + audience.id()));
    }

    private static Map<String, String> checkedForAction(Audience audience, Map<String, String> values) {
        try {
            return MergeFieldRules.check(audience, values, false);
        } catch (RefusedException unknownField) {
            throw new IllegalArgumentException(unknownField.fieldErrors().toString(), unknownField);
        }
    }
}
