package dev.listbridge.engine.config;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The blast-radius guard of an audience (DESIGN.md 6.9), key {@code blastRadius}: a cycle that would
 * unsubscribe or remove more than this many members, or write back to more than this many CRM
 * contacts, is held. Written as a share of the population ({@code "5%"}, the default; 0–100 %) or as
 * a count ({@code "250"}). {@code 0%} or {@code 0} hold any removal.
 *
 * @param share the share as a fraction (0.05 for 5 %), or null when a count is given
 * @param count the count, or null when a share is given
 */
public record BlastRadius(Double share, Long count) {

    /** The default: 5 % of the population. */
    public static final BlastRadius DEFAULT = percent(5);

    public BlastRadius {
        if ((share == null) == (count == null)) {
            throw new IllegalArgumentException("exactly one of share and count must be given");
        }
        if (share != null && !(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be between 0 and 1, was " + share);
        }
        if (count != null && count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
    }

    public static BlastRadius percent(double percent) {
        return new BlastRadius(percent / 100, null);
    }

    public static BlastRadius count(long count) {
        return new BlastRadius(null, count);
    }

    /**
     * Parses {@code "5%"}, {@code "2.5 %"} or {@code "250"}.
     *
     * @throws IllegalArgumentException saying what is expected
     */
    public static BlastRadius parse(String text) {
        String trimmed = text.strip();
        try {
            if (trimmed.endsWith("%")) {
                BigDecimal percent = new BigDecimal(trimmed.substring(0, trimmed.length() - 1).strip());
                if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
                    throw new IllegalArgumentException("a percentage must be between 0% and 100%");
                }
                return percent(percent.doubleValue());
            }
            if (trimmed.matches("[0-9]{1,18}")) {
                return count(Long.parseLong(trimmed));
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("expected a percentage like 5% or a count like 250");
    }

    /**
     * Whether {@code affected} of {@code population} is more than this guard allows. {@code 100%} never holds:
     * write-backs may go to contacts that have left the CRM since the events happened, more than it counts.
     */
    public boolean exceeded(long affected, long population) {
        return share != null ? share < 1 && affected > population * share : affected > count;
    }

    /** Whether this guard can hold a cycle at all ({@code 100%} never does). */
    public boolean mayHold() {
        return share == null || share < 1;
    }

    /** As written in the config: {@code 5%} or {@code 250}. */
    @Override
    public String toString() {
        if (count != null) {
            return Long.toString(count);
        }
        return BigDecimal.valueOf(share).movePointRight(2).round(new MathContext(10)).stripTrailingZeros().toPlainString()
                + "%";
    }
}
