package dev.listbridge.reliability.history;

import dev.listbridge.engine.config.AddressChangePolicy;
import dev.listbridge.engine.config.InboundPolicy;
import dev.listbridge.engine.config.LeavePolicy;
import dev.listbridge.engine.config.NewMemberPolicy;
import java.util.Random;

/** The audience policies one history runs under; most histories use the defaults. */
public record HistoryConfig(AddressChangePolicy addressChange, LeavePolicy onLeave, InboundPolicy inbound,
                     NewMemberPolicy newMembers) {

    public static final HistoryConfig DEFAULTS = new HistoryConfig(AddressChangePolicy.RECONFIRM, LeavePolicy.UNSUBSCRIBE,
            InboundPolicy.REPORT, NewMemberPolicy.SUBSCRIBED);

    /** Half the histories with the defaults, the others with each policy drawn at random. */
    static HistoryConfig draw(Random random) {
        if (random.nextBoolean()) {
            return DEFAULTS;
        }
        return new HistoryConfig(pick(random, AddressChangePolicy.values()), pick(random, LeavePolicy.values()),
                random.nextBoolean() ? InboundPolicy.CREATE : InboundPolicy.REPORT,
                random.nextInt(4) == 0 ? NewMemberPolicy.PENDING : NewMemberPolicy.SUBSCRIBED);
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    /** As Java source, for a regression test. */
    String java() {
        return "new HistoryConfig(AddressChangePolicy." + addressChange + ", LeavePolicy." + onLeave + ", InboundPolicy."
                + inbound + ", NewMemberPolicy." + newMembers + ")";
    }
}
