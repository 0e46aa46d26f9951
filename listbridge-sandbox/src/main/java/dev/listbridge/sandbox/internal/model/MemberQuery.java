package dev.listbridge.sandbox.internal.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * {@code GET /lists/{list_id}/members}: filter, sort, then an offset page over the live data.
 * Nothing is snapshotted: a member that changes between two page requests moves, as in Mailchimp.
 */
public final class MemberQuery {
    public enum SortField { TIMESTAMP_OPT, TIMESTAMP_SIGNUP, LAST_CHANGED }

    /**
     * The filters. Null means "not given". Without a status, archived members are left out;
     * {@code since*} are strictly after, {@code before*} strictly before [inf: Mailchimp says
     * "since"/"before" and a cursor must not see the same change twice].
     */
    public record Filter(MemberStatus status, Instant sinceLastChanged, Instant beforeLastChanged,
                         Instant sinceTimestampOpt, Instant beforeTimestampOpt,
                         SortField sortField, boolean descending) {
        public static Filter all() {
            return new Filter(null, null, null, null, null, null, false);
        }
    }

    public record Page(List<Member> members, int totalItems) {
    }

    private MemberQuery() {
    }

    /** Call while holding the state lock: members are mutable. */
    public static Page page(Audience audience, Filter filter, int offset, int count) {
        if (filter.sortField() == SortField.LAST_CHANGED && !filter.descending()
                && filter.sinceTimestampOpt() == null && filter.beforeTimestampOpt() == null) {
            // how clients page events: answered from the index instead of sorting the audience per page
            return audience.changes().page(filter.status(), filter.sinceLastChanged(), filter.beforeLastChanged(),
                    offset, count);
        }
        List<Member> matching = sorted(audience.members().stream().filter(member -> matches(member, filter)), filter);
        List<Member> page = matching.stream().skip(offset).limit(count).toList();
        return new Page(page, matching.size());
    }

    private static boolean matches(Member member, Filter filter) {
        boolean statusMatches = filter.status() == null
                ? member.status() != MemberStatus.ARCHIVED
                : member.status() == filter.status();
        return statusMatches
                && after(member.lastChanged(), filter.sinceLastChanged())
                && before(member.lastChanged(), filter.beforeLastChanged())
                && after(member.timestampOpt(), filter.sinceTimestampOpt())
                && before(member.timestampOpt(), filter.beforeTimestampOpt());
    }

    private static boolean after(Instant value, Instant since) {
        return since == null || (value != null && value.isAfter(since));
    }

    private static boolean before(Instant value, Instant limit) {
        return limit == null || (value != null && value.isBefore(limit));
    }

    private static List<Member> sorted(Stream<Member> members, Filter filter) {
        Comparator<Member> order = Comparator.comparingLong(Member::sequence);
        if (filter.sortField() != null) {
            Function<Member, Instant> key = switch (filter.sortField()) {
                case TIMESTAMP_OPT -> Member::timestampOpt;
                case TIMESTAMP_SIGNUP -> Member::timestampSignup;
                case LAST_CHANGED -> Member::lastChanged;
            };
            Comparator<Member> byField = Comparator.comparing(key, Comparator.nullsFirst(Comparator.naturalOrder()));
            order = (filter.descending() ? byField.reversed() : byField).thenComparing(order);
        } else if (filter.descending()) {
            order = order.reversed();
        }
        return members.sorted(order).toList();
    }
}
