package dev.listbridge.reliability.history;

import dev.listbridge.reliability.crm.CrmFaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws a history from a seed: a few contacts and a first cycle, then CRM edits, recipients' actions in the
 * tool, faults and cycles in random order. Same seed, same history.
 */
final class HistoryGenerator {
    private static final String[] NAMES = {"Ada", "Bo", "Cem", "Dana", "Eli", "Fay", "Gil", "Hana", "Ida", "Jo"};

    private HistoryGenerator() {
    }

    static List<Step> generate(long seed) {
        Random random = new Random(seed);
        List<Step> steps = new ArrayList<>();
        int initial = 2 + random.nextInt(6);
        for (int i = 0; i < initial; i++) {
            steps.add(new Step(1, new Step.AddContact(random.nextInt(5) > 0, random.nextInt(3), random.nextInt(8) > 0,
                    random.nextInt(6) == 0 ? Step.AddressKind.OTHERS : Step.AddressKind.FRESH, random.nextInt(100))));
        }
        if (random.nextInt(4) == 0) {
            // someone was in the tool before Listbridge arrived
            steps.add(new Step(1, new Step.Signup(random.nextInt(3) == 0 ? 2 : 0, random.nextInt(100))));
        }
        steps.add(new Step(2, new Step.Sync()));
        int length = 8 + random.nextInt(32);
        for (int i = 0; i < length; i++) {
            steps.add(new Step(seconds(random), action(random)));
        }
        return steps;
    }

    private static int seconds(Random random) {
        int roll = random.nextInt(20);
        if (roll == 0) {
            return 86_400 + random.nextInt(3 * 86_400); // days pass
        }
        return 1 + random.nextInt(roll < 15 ? 20 : 400);
    }

    private static Step.Action action(Random random) {
        int who = random.nextInt(1000);
        int roll = random.nextInt(100);
        if (roll < 24) {
            return new Step.Sync();
        }
        if (roll < 31) {
            return new Step.AddContact(random.nextInt(4) > 0, random.nextInt(3), random.nextInt(8) > 0, addressKind(random), who);
        }
        if (roll < 40) {
            return new Step.ChangeAddress(who, addressKind(random), random.nextInt(1000));
        }
        if (roll < 43) {
            return new Step.EditName(who, NAMES[random.nextInt(NAMES.length)]);
        }
        if (roll < 45) {
            return new Step.EditSegment(who, random.nextInt(4));
        }
        if (roll < 51) {
            return new Step.SetConsent(who, random.nextBoolean());
        }
        if (roll < 53) {
            return new Step.DeleteContact(who);
        }
        if (roll < 56) {
            return new Step.SetInAudience(who, random.nextBoolean());
        }
        if (roll < 62) {
            return new Step.Unsubscribe(who);
        }
        if (roll < 67) {
            return new Step.HardBounce(who, random.nextBoolean(), random.nextInt(3) == 0 ? 1 + random.nextInt(40) : 0);
        }
        if (roll < 69) {
            return new Step.Complain(who);
        }
        if (roll < 74) {
            return new Step.Signup(random.nextInt(4), who);
        }
        if (roll < 78) {
            return new Step.Confirm(who);
        }
        if (roll < 80) {
            return new Step.EditProfile(who, NAMES[random.nextInt(NAMES.length)]);
        }
        if (roll < 82) {
            return new Step.ChangeAddressInTool(who);
        }
        if (roll < 92) {
            return new Step.ToolFault(random.nextInt(ToolFaults.ENDPOINTS), random.nextInt(ToolFaults.KINDS), 1 + random.nextInt(4));
        }
        if (roll < 94) {
            return new Step.RefuseMember(who);
        }
        CrmFaults.Kind kind = CrmFaults.Kind.values()[random.nextInt(CrmFaults.Kind.values().length)];
        return new Step.CrmFault(kind, random.nextInt(4));
    }

    private static Step.AddressKind addressKind(Random random) {
        int roll = random.nextInt(20);
        if (roll < 10) {
            return Step.AddressKind.FRESH;
        }
        if (roll < 13) {
            return Step.AddressKind.CASE_ONLY;
        }
        if (roll < 16) {
            return Step.AddressKind.OTHERS;
        }
        if (roll < 19) {
            return Step.AddressKind.RETIRED;
        }
        return Step.AddressKind.INVALID;
    }
}
