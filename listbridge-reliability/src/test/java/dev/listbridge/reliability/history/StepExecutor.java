package dev.listbridge.reliability.history;

import dev.listbridge.reliability.crm.CrmFaults;
import dev.listbridge.sandbox.SandboxMember;
import dev.listbridge.spi.Address;
import dev.listbridge.spi.InvalidAddressException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Carries out the steps that are not cycles: CRM edits (as the CRM's users make them, with SQL), recipients'
 * actions in the sandbox, and faults. Targets are picked among the world's candidates when the step runs; a
 * step without a candidate does nothing.
 */
final class StepExecutor {
    private static final String[] NAMES = {"Ada", "Bo", "Cem", "Dana", "Eli", "Fay", "Gil", "Hana", "Ida", "Jo"};
    private static final String[] SEGMENTS = {"B2C", "B2B", "VIP", null};
    private static final String[] DOMAINS = {"example.com", "example.com", "example.org", "example.net", "bücher.example"};
    private static final String[] INVALID = {"", "   ", null, "no-at-sign.example.com", "two@@example.com",
            "dot.@example.com", "someone@localhost", "jürgen@example.com", "x".repeat(70) + "@example.com",
            "with space@example.com"};
    /** What a recipient writes as the reason for unsubscribing: data, never SQL. */
    private static final String REASON = "too many mails'); DROP TABLE customers; --";

    private final HistoryWorld world;
    private final Journal journal;
    private int fresh;

    StepExecutor(HistoryWorld world, Journal journal) {
        this.world = world;
        this.journal = journal;
    }

    /** Carries out one action; returns whether it was a fault. */
    boolean execute(Step.Action action) {
        Instant now = world.lab.clock.instant();
        switch (action) {
            case Step.AddContact add -> {
                int key = nextKey();
                String email = address(add.address(), null, add.who());
                world.crm("INSERT INTO customers (id, email, newsletter, consent_at, first_name, segment, in_audience) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?)", key, email, add.consent(), add.consent() ? now : null,
                        NAMES[key % NAMES.length], SEGMENTS[add.segment() % SEGMENTS.length], add.inAudience());
                journal.consents.put(String.valueOf(key), add.consent());
            }
            case Step.ChangeAddress change -> contact(change.who()).ifPresent(row ->
                    world.crm("UPDATE customers SET email = ? WHERE id = ?",
                            address(change.address(), (String) row.get("email"), change.other()), row.get("id")));
            case Step.EditName edit -> contact(edit.who()).ifPresent(row ->
                    world.crm("UPDATE customers SET first_name = ? WHERE id = ?", edit.name(), row.get("id")));
            case Step.EditSegment edit -> contact(edit.who()).ifPresent(row ->
                    world.crm("UPDATE customers SET segment = ? WHERE id = ?", SEGMENTS[edit.segment() % SEGMENTS.length],
                            row.get("id")));
            case Step.SetConsent consent -> contact(consent.who()).ifPresent(row -> {
                journal.consents.put(String.valueOf(row.get("id")), consent.on());
                if (consent.on()) {
                    world.crm("UPDATE customers SET newsletter = TRUE, consent_at = ? WHERE id = ?", now, row.get("id"));
                } else {
                    world.crm("UPDATE customers SET newsletter = FALSE WHERE id = ?", row.get("id"));
                }
            });
            case Step.DeleteContact delete -> contact(delete.who()).ifPresent(row -> {
                world.crm("DELETE FROM customers WHERE id = ?", row.get("id"));
            });
            case Step.SetInAudience in -> contact(in.who()).ifPresent(row ->
                    world.crm("UPDATE customers SET in_audience = ? WHERE id = ?", in.in(), row.get("id")));
            case Step.Unsubscribe unsubscribe -> member(unsubscribe.who(), Set.of("subscribed", "pending"), false)
                    .ifPresent(member -> {
                        world.sandbox.unsubscribe(world.list, member.email(), REASON);
                        journal.optedOut(new Journal.Suppressed(key(member.email()), now, "unsubscribe"));
                    });
            case Step.HardBounce bounce -> member(bounce.who(), Set.of("subscribed", "pending", "unsubscribed"), bounce.retired())
                    .ifPresent(member -> {
                        // reported late: its time lies before earlier steps (within the pull's overlap, as a real
                        // tool's change times do), e.g. before the cycle that learned of an address change
                        Instant at = now.minusSeconds(bounce.lateSeconds());
                        journal.overwrite(key(member.email()));
                        world.sandbox.backdated(at, () -> world.sandbox.hardBounce(world.list, member.email()));
                        journal.optedOut(new Journal.Suppressed(key(member.email()), at, "hard bounce"));
                    });
            case Step.Complain complain -> member(complain.who(), Set.of("subscribed"), false).ifPresent(member -> {
                world.sandbox.complain(world.list, member.email(), "campaign-1");
                journal.optedOut(new Journal.Suppressed(key(member.email()), now, "complaint"));
            });
            case Step.Signup signup -> signupAddress(signup).ifPresent(email -> {
                journal.overwrite(key(email));
                try {
                    world.sandbox.signup(world.list, email, Map.of());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("signup of '" + email + "': " + e.getMessage(), e);
                }
            });
            case Step.Confirm confirm -> member(confirm.who(), Set.of("pending"), false).ifPresent(member -> {
                world.sandbox.confirm(world.list, member.email());
                journal.resubscribed.add(new Journal.Suppressed(key(member.email()), now, "confirmed"));
            });
            case Step.EditProfile edit -> member(edit.who(), Set.of("subscribed", "pending"), false).ifPresent(member -> {
                try {
                    world.sandbox.editProfile(world.list, member.email(), Map.of("FNAME", edit.name()));
                } catch (IllegalArgumentException noSuchField) {
                    return; // the audience has no FNAME before the first push
                }
                journal.profilesEdited.add(member.contactId());
            });
            case Step.ChangeAddressInTool change -> member(change.who(), Set.of("subscribed"), false).ifPresent(member -> {
                String email = Address.parse(freshAddress()).ascii();
                world.sandbox.changeAddress(world.list, member.email(), email);
                if (member.mergeFields().containsKey("CRMKEY")) {
                    journal.addressesChangedInTool.add(key(email)); // a person the ledger knows
                }
                if (journal.addressesLeftInTool.add(key(member.email()))) {
                    journal.tagsMovedInTool.put(key(email), Set.copyOf(member.tags()));
                } else {
                    // The member here was made again after an earlier move no cycle saw (a known limit, FinalChecks): it
                    // lacks tags Listbridge believes it carries, and this move carries that belief along (seed 3293898872).
                    journal.movedAfterUnseenMove.add(key(email));
                }
            });
            case Step.ToolFault fault -> {
                journal.faults.add(ToolFaults.inject(world.sandbox.faults(), fault.endpoint(), fault.kind(), fault.times()));
                return true;
            }
            case Step.RefuseMember refuse -> {
                contact(refuse.who()).map(row -> (String) row.get("email")).filter(StepExecutor::valid).ifPresent(email ->
                        world.sandbox.faults().failBatchMember(Address.parse(email).ascii(),
                                email + " has signed up to a lot of lists very recently; we're not allowing more signups for now"));
                journal.faults.add("batch member refused");
                return true;
            }
            case Step.CrmFault fault -> {
                CrmFaults.arm(fault.kind(), fault.n());
                journal.faults.add("CRM " + fault.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '));
                return true;
            }
            case Step.Sync sync -> throw new IllegalArgumentException("cycles are the runner's");
        }
        return false;
    }

    private int nextKey() {
        List<Map<String, Object>> rows = world.crmRows("SELECT NEXT VALUE FOR customer_ids AS next");
        return ((Number) rows.get(0).get("next")).intValue();
    }

    private java.util.Optional<Map<String, Object>> contact(int who) {
        List<Map<String, Object>> rows = world.crmRows("SELECT id, email FROM customers ORDER BY id");
        return rows.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(rows.get(who % rows.size()));
    }

    /** A member in one of {@code statuses}; {@code retired}: one whose address no contact holds now, if any. */
    private java.util.Optional<SandboxMember> member(int who, Set<String> statuses, boolean retired) {
        List<SandboxMember> candidates = new ArrayList<>(world.sandbox.members(world.list).stream()
                .filter(member -> statuses.contains(member.status())).toList());
        if (retired) {
            Set<String> held = currentKeys();
            List<SandboxMember> retiredOnes = candidates.stream().filter(member -> !held.contains(key(member.email()))).toList();
            if (!retiredOnes.isEmpty()) {
                candidates = new ArrayList<>(retiredOnes);
            }
        }
        return candidates.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(candidates.get(who % candidates.size()));
    }

    private java.util.Optional<String> signupAddress(Step.Signup signup) {
        Set<String> inTool = new HashSet<>();
        world.sandbox.members(world.list).forEach(member -> inTool.add(key(member.email())));
        List<String> candidates = switch (signup.kind()) {
            case 1 -> retiredSpellings().stream().filter(email -> !utf8(email)).filter(email -> !inTool.contains(key(email))
                    || memberStatus(email).equals("unsubscribed")).toList();
            case 2 -> world.crmRows("SELECT email FROM customers ORDER BY id").stream().map(row -> (String) row.get("email"))
                    .filter(StepExecutor::valid).filter(email -> !utf8(email)).toList();
            case 3 -> world.sandbox.members(world.list).stream()
                    .filter(member -> member.status().equals("unsubscribed") || member.status().equals("cleaned"))
                    .map(SandboxMember::email).toList();
            default -> List.of(freshAddress());
        };
        return candidates.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(Address.parse(candidates.get(signup.who() % candidates.size())).ascii());
    }

    private String memberStatus(String email) {
        return world.sandbox.member(world.list, Address.parse(email).ascii()).map(SandboxMember::status).orElse("absent");
    }

    /** The address a CRM edit writes. */
    private String address(Step.AddressKind kind, String current, int other) {
        String chosen = switch (kind) {
            case FRESH -> freshAddress();
            case CASE_ONLY -> valid(current) ? toggleCase(current, other) : freshAddress();
            case OTHERS -> {
                List<String> others = world.crmRows("SELECT email FROM customers ORDER BY id").stream()
                        .map(row -> (String) row.get("email")).filter(StepExecutor::valid)
                        .filter(email -> !email.equals(current)).toList();
                yield others.isEmpty() ? freshAddress()
                        : other % 3 == 0 ? toggleCase(others.get(other % others.size()), other) : others.get(other % others.size());
            }
            case RETIRED -> {
                List<String> retired = retiredSpellings();
                yield retired.isEmpty() ? freshAddress() : retired.get(other % retired.size());
            }
            case INVALID -> INVALID[other % INVALID.length];
        };
        if (chosen != null) {
            journal.crmSpellings.add(chosen);
        }
        return chosen;
    }

    /** Addresses CRM edits wrote before that no contact holds now, in a stable order. */
    private List<String> retiredSpellings() {
        Set<String> held = currentKeys();
        return journal.crmSpellings.stream().filter(StepExecutor::valid).filter(email -> !held.contains(key(email)))
                .sorted().toList();
    }

    private Set<String> currentKeys() {
        Set<String> keys = new HashSet<>();
        for (Map<String, Object> row : world.crmRows("SELECT email FROM customers")) {
            String email = (String) row.get("email");
            if (valid(email)) {
                keys.add(key(email));
            }
        }
        return keys;
    }

    private String freshAddress() {
        int n = ++fresh;
        String name = NAMES[n % NAMES.length].toLowerCase(Locale.ROOT) + n;
        String domain = DOMAINS[n % DOMAINS.length];
        String email = name + "@" + domain;
        if (n % 5 == 0) {
            email = toggleCase(email, n);
        }
        if (n % 11 == 0) {
            email = "  " + email + " ";
        }
        return email;
    }

    private static String toggleCase(String email, int seed) {
        StringBuilder out = new StringBuilder(email.length());
        for (int i = 0; i < email.length(); i++) {
            char c = email.charAt(i);
            out.append((i + seed) % 2 == 0 ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        String toggled = out.toString();
        return toggled.equals(email) ? email.toUpperCase(Locale.ROOT) : toggled;
    }

    static boolean valid(String email) {
        try {
            Address.parse(email);
            return true;
        } catch (InvalidAddressException e) {
            return false;
        }
    }

    private static boolean utf8(String email) {
        return Address.parse(email).utf8LocalPart();
    }

    static String key(String email) {
        return Address.parse(email).key();
    }
}
