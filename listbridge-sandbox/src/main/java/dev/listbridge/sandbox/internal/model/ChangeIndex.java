package dev.listbridge.sandbox.internal.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * An audience's members ordered by {@code last_changed}, then by creation, with counts per status for
 * each second. It answers the listing clients page events with ({@code sort_field=last_changed},
 * {@code since_last_changed}) without sorting the whole audience per page: with a million members a
 * full sort per page of 1,000 made reading back one large push take hours.
 *
 * <p>Change times are whole seconds ({@link MailchimpState#now()} truncates), so a second is a bucket
 * and "strictly after" and "strictly before" are bucket bounds. A member tells the index before and
 * after each change of its status or change time ({@link Member}); only touched under the state lock.
 */
public final class ChangeIndex {
    /** The bucket of members that never changed (no {@code last_changed}); sorted first, as nulls are. */
    private static final long NEVER = Long.MIN_VALUE;
    /** One count per status, and one for a member whose status is not set yet. */
    private static final int SLOTS = MemberStatus.values().length + 1;

    private final NavigableMap<Long, Second> seconds = new TreeMap<>();

    private static final class Second {
        final NavigableMap<Long, Member> members = new TreeMap<>();
        final int[] byStatus = new int[SLOTS];

        int matching(MemberStatus status) {
            if (status != null) {
                return byStatus[status.ordinal()];
            }
            return members.size() - byStatus[MemberStatus.ARCHIVED.ordinal()];
        }
    }

    void add(Member member) {
        Second second = seconds.computeIfAbsent(bucket(member.lastChanged()), key -> new Second());
        if (second.members.put(member.sequence(), member) == null) {
            second.byStatus[slot(member.status())]++;
        }
    }

    void remove(Member member) {
        long key = bucket(member.lastChanged());
        Second second = seconds.get(key);
        if (second == null || second.members.remove(member.sequence()) == null) {
            return;
        }
        second.byStatus[slot(member.status())]--;
        if (second.members.isEmpty()) {
            seconds.remove(key);
        }
    }

    /**
     * One page of the members changed strictly after {@code since} and strictly before {@code before}
     * (each null for no bound), oldest change first, then in creation order. {@code status} null means
     * every status but archived, as in {@link MemberQuery}.
     */
    public MemberQuery.Page page(MemberStatus status, Instant since, Instant before, int offset, int count) {
        NavigableMap<Long, Second> range = range(since, before);
        List<Member> page = new ArrayList<>(Math.min(count, 1_000));
        int total = 0;
        int skip = offset;
        for (Second second : range.values()) {
            int matching = second.matching(status);
            total += matching;
            if (page.size() >= count || matching == 0) {
                continue;
            }
            if (skip >= matching) {
                skip -= matching;
                continue;
            }
            for (Member member : second.members.values()) {
                if (page.size() >= count) {
                    break;
                }
                if (!matches(member, status)) {
                    continue;
                }
                if (skip > 0) {
                    skip--;
                } else {
                    page.add(member);
                }
            }
        }
        return new MemberQuery.Page(page, total);
    }

    private NavigableMap<Long, Second> range(Instant since, Instant before) {
        // whole seconds: a time is after since when its second is after since's second (and never null)
        long from = since == null ? NEVER : since.getEpochSecond();
        boolean fromIncluded = since == null && before == null;
        if (before == null) {
            return seconds.tailMap(from, fromIncluded);
        }
        // a whole second equal to before's second is still before it when before has a fraction
        long to = before.getEpochSecond();
        boolean toIncluded = before.getNano() > 0;
        if (from > to || from == to && !(fromIncluded && toIncluded)) {
            return new TreeMap<>();
        }
        return seconds.subMap(from, fromIncluded, to, toIncluded);
    }

    private static boolean matches(Member member, MemberStatus status) {
        return status == null ? member.status() != MemberStatus.ARCHIVED : member.status() == status;
    }

    private static long bucket(Instant lastChanged) {
        return lastChanged == null ? NEVER : lastChanged.getEpochSecond();
    }

    private static int slot(MemberStatus status) {
        return status == null ? SLOTS - 1 : status.ordinal();
    }

    /** For tests: how many members the index holds. */
    int size() {
        return seconds.values().stream().mapToInt(second -> second.members.size()).sum();
    }
}
