package dev.listbridge.reliability.history;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The reference model's ledger: which contact held which address when (DESIGN.md 2, "link"), and the
 * attribution rule of invariant 3: an event belongs to the contacts that held the address when it happened;
 * a late one to those whose link closed last before it; one older than every link to the open links (or,
 * for a retired address, to its first holders).
 */
final class ModelLedger {
    /** One link; {@code to} is null while open. {@code spelled} is the CRM's spelling, updated on a case-only change. */
    static final class Link {
        final String contact;
        final String key;
        String spelled;
        final long from;
        Long to;
        final Long freshConsentAfter;

        Link(String contact, String key, String spelled, long from, Long freshConsentAfter) {
            this.contact = contact;
            this.key = key;
            this.spelled = spelled;
            this.from = from;
            this.freshConsentAfter = freshConsentAfter;
        }

        boolean open() {
            return to == null;
        }

        @Override
        public String toString() {
            return contact + "<" + spelled + ">[" + from + ".." + (to == null ? "" : to) + "]";
        }
    }

    /** CRM keys in the order the shared-address rule uses: numerically when both are numbers. */
    static final Comparator<String> KEY_ORDER = (a, b) -> {
        boolean numbers = a.matches("\\d{1,39}") && b.matches("\\d{1,39}");
        return numbers ? new BigInteger(a).compareTo(new BigInteger(b)) : a.compareTo(b);
    };

    private final List<Link> links = new ArrayList<>();

    List<Link> all() {
        return links;
    }

    void open(String contact, String key, String spelled, long at, Long freshConsentAfter) {
        links.add(new Link(contact, key, spelled, at, freshConsentAfter));
    }

    Optional<Link> openLinkOf(String contact) {
        Link found = null;
        for (Link link : links) {
            if (link.contact.equals(contact) && link.open()) {
                found = link;
            }
        }
        return Optional.ofNullable(found);
    }

    List<Link> openLinksOf(String key) {
        return links.stream().filter(link -> link.key.equals(key) && link.open()).toList();
    }

    boolean everKnown(String key) {
        return links.stream().anyMatch(link -> link.key.equals(key));
    }

    /** The contacts an event for {@code key} at {@code at} belongs to (invariant 3). */
    List<Link> owners(String key, long at) {
        List<Link> history = links.stream().filter(link -> link.key.equals(key))
                .sorted(Comparator.comparingLong((Link link) -> link.from)).toList();
        List<Link> valid = history.stream().filter(link -> link.from <= at && (link.to == null || link.to > at)).toList();
        if (!valid.isEmpty()) {
            return valid;
        }
        long latestClose = history.stream().filter(link -> link.to != null && link.to <= at)
                .mapToLong(link -> link.to).max().orElse(Long.MIN_VALUE);
        List<Link> late = history.stream().filter(link -> link.to != null && link.to == latestClose).toList();
        if (!late.isEmpty()) {
            return late;
        }
        List<Link> open = history.stream().filter(Link::open).toList();
        if (!open.isEmpty() || history.isEmpty()) {
            return open;
        }
        long first = history.get(0).from;
        return history.stream().filter(link -> link.from == first).toList();
    }
}
