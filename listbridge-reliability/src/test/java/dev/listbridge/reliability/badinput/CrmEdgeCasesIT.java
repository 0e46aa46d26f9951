package dev.listbridge.reliability.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.engine.CycleOutcome;
import dev.listbridge.engine.CycleReport;
import dev.listbridge.reliability.Figures;
import dev.listbridge.reliability.Figures.Count;
import dev.listbridge.reliability.Sizes;
import dev.listbridge.reliability.history.HistoryConfig;
import dev.listbridge.reliability.history.HistoryWorld;
import dev.listbridge.reliability.history.Lab;
import dev.listbridge.sandbox.SandboxMember;
import java.net.IDN;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CRM data edge cases (docs/RELIABILITY.md, part 4), generated anew each round, against the documented
 * behaviour (README "How one cycle works", DESIGN.md 6.1, 6.5, 6.11): addresses are trimmed, the domain
 * lowercased and IDN domains pushed as punycode, the local part's spelling kept; a change of case is the same
 * address; NULL, empty, malformed, over-long and (for Mailchimp) non-ASCII local parts are reported and never
 * pushed; several contacts on one address make one member owned by the lowest key; duplicate keys stop the
 * cycle before anything is pushed. Nothing else reaches the tool.
 */
class CrmEdgeCasesIT {
    private static final String[] LOCALS = {"anna", "Bernd.Kraus", "c_d", "o'brien", "x+tag", "ZOE", "j-p", "m.u"};
    private static final String[] DOMAINS = {"example.com", "Example.ORG", "mail.example.net", "müller-bäckerei.example",
            "例え.example", "straße.example"};
    private static final String[] INVALID = {"plainaddress", "@example.com", "x@", "x@@example.com", "x..y@example.com",
            ".x@example.com", "x.@example.com", "x@example", "x@example.123", "x y@example.com", "x@exa mple.com",
            "x@-example.com", "x@example..com", "(comment)x@example.com", "x@[127.0.0.1]", "a\u0000b@example.com"};
    private static Lab lab;

    @BeforeAll
    static void openLab() {
        lab = new Lab();
    }

    @AfterAll
    static void closeLab() {
        lab.close();
    }

    /** One generated CRM row and what must become of it. */
    private record Row(int key, String email, String kind, String expectedAscii) {
    }

    @Test
    void edge_case_addresses_follow_the_documented_rules_and_nothing_is_pushed_wrongly() {
        long seed = Sizes.seed();
        Random random = new Random(seed);
        List<String> violations = new ArrayList<>();
        int tried = 0;
        for (int round = 0; round < Sizes.crmRounds(); round++) {
            try (HistoryWorld world = new HistoryWorld(lab, HistoryConfig.DEFAULTS, lab.nextName())) {
                List<Row> rows = rows(random);
                for (Row row : rows) {
                    world.crm("INSERT INTO customers (id, email, newsletter, consent_at, first_name, segment, in_audience) "
                            + "VALUES (?, ?, TRUE, NULL, ?, NULL, TRUE)", row.key(), row.email(), "N" + row.key());
                }
                CycleReport report = null;
                for (int cycle = 0; cycle < 4 && (report == null || report.outcome() != CycleOutcome.DONE); cycle++) {
                    lab.clock.advance(Duration.ofSeconds(5)); // a busy machine may time a request out: the next cycle resumes
                    report = world.sync();
                }
                lab.clock.advance(Duration.ofSeconds(5));
                world.sync(); // dead letters of refused addresses are retried once, and stay refused
                tried += rows.size();
                rows.forEach(row -> Figures.detail("bad CRM data: " + row.kind(), 1));
                check("round " + round, world, rows, report, violations);
            }
        }
        Figures.add(Count.BAD_INPUTS, tried);
        Figures.add(Count.VIOLATIONS, violations.size());
        assertThat(violations).as("seed %d, %d rows", seed, tried).isEmpty();
    }

    private static List<Row> rows(Random random) {
        List<Row> rows = new ArrayList<>();
        int key = 1;
        for (int i = 0; i < 60; i++) {
            String local = LOCALS[random.nextInt(LOCALS.length)] + i;
            String domain = DOMAINS[random.nextInt(DOMAINS.length)];
            String address = local + "@" + domain;
            switch (random.nextInt(11)) {
                case 0 -> rows.add(new Row(key++, List.of("", "   ", "\t\n").get(random.nextInt(3)), "empty or blank", null));
                case 1 -> rows.add(new Row(key++, null, "NULL", null));
                case 2 -> rows.add(new Row(key++, "  \t" + address + " \n", "surrounded by whitespace", ascii(address)));
                case 3 -> {
                    String mixed = mixCase(address, random);
                    rows.add(new Row(key++, mixed, "mixed case", ascii(mixed)));
                }
                case 4 -> rows.add(new Row(key++, INVALID[random.nextInt(INVALID.length)], "invalid syntax", null));
                case 5 -> rows.add(new Row(key++, "x".repeat(65) + i + "@example.com", "local part over 64", null));
                case 6 -> rows.add(new Row(key++, "y" + i + "@" + "d".repeat(61) + "." + "e".repeat(61) + "." + "f".repeat(61)
                        + "." + "g".repeat(61) + ".example", "address over 254", null));
                case 7 -> rows.add(new Row(key++, "\"john doe " + i + "\"@example.com", "quoted local part", null));
                case 8 -> rows.add(new Row(key++, "jürgen" + i + "@" + domain, "UTF-8 local part", null));
                case 9 -> {
                    // several contacts on one address, spelt in different cases
                    int sharers = 2 + random.nextInt(2);
                    for (int s = 0; s < sharers; s++) {
                        rows.add(new Row(key++, s == 0 ? address : mixCase(address, random), "several contacts on one address",
                                ascii(address)));
                    }
                }
                default -> rows.add(new Row(key++, address, "IDN or plain", ascii(address)));
            }
        }
        return rows;
    }

    private void check(String round, HistoryWorld world, List<Row> rows, CycleReport report, List<String> violations) {
        if (report.outcome() != CycleOutcome.DONE) {
            violations.add(round + ": the cycle ended " + report.outcome() + " " + report.messages());
        }
        Map<String, SandboxMember> inTool = new HashMap<>();
        for (SandboxMember member : world.sandbox.members(world.list)) {
            inTool.put(member.email().toLowerCase(Locale.ROOT), member);
        }
        Map<String, List<Row>> wanted = new TreeMap<>();
        long invalid = 0;
        for (Row row : rows) {
            if (row.expectedAscii() == null) {
                invalid++;
            } else {
                wanted.computeIfAbsent(row.expectedAscii().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(row);
            }
        }
        long quoted = rows.stream().filter(row -> row.kind().equals("quoted local part")).count();
        long reported = report.get(CycleReport.INVALID_ADDRESSES);
        if (reported + quoted < invalid || reported > invalid) {
            violations.add(round + ": " + reported + " invalid addresses reported, " + invalid + " generated ("
                    + quoted + " quoted, which Mailchimp refuses instead): " + report.samples().get(CycleReport.INVALID_ADDRESSES));
        }
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, List<Row>> entry : wanted.entrySet()) {
            SandboxMember member = inTool.get(entry.getKey());
            Row owner = entry.getValue().get(0); // the lowest key: rows are made in key order
            if (member == null) {
                violations.add(round + ": " + owner.kind() + " '" + owner.email() + "' was not pushed as " + owner.expectedAscii());
                continue;
            }
            seen.add(entry.getKey());
            if (!member.email().equals(owner.expectedAscii())) {
                violations.add(round + ": '" + owner.email() + "' was pushed as '" + member.email() + "', expected '"
                        + owner.expectedAscii() + "' (local part as spelt, domain lowercased, IDN as punycode)");
            }
            if (!String.valueOf(owner.key()).equals(member.mergeFields().get("CRMKEY"))) {
                violations.add(round + ": " + member.email() + " carries CRMKEY " + member.mergeFields().get("CRMKEY")
                        + ", its lowest-key contact is " + owner.key());
            }
            if (!member.status().equals("subscribed")) {
                violations.add(round + ": " + member.email() + " is " + member.status() + ", expected subscribed");
            }
        }
        for (Map.Entry<String, SandboxMember> entry : inTool.entrySet()) {
            if (!seen.contains(entry.getKey())) {
                violations.add(round + ": '" + entry.getValue().email() + "' reached the tool though no valid row has it");
            }
        }
    }

    /** The address as DESIGN.md 6.1 says it is pushed: trimmed, domain lowercased, IDN as punycode. */
    private static String ascii(String address) {
        String trimmed = address.strip();
        int at = trimmed.lastIndexOf('@');
        return trimmed.substring(0, at) + "@" + IDN.toASCII(trimmed.substring(at + 1), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    }

    private static String mixCase(String address, Random random) {
        StringBuilder out = new StringBuilder();
        for (char c : address.toCharArray()) {
            out.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return out.toString();
    }

    /**
     * Duplicate keys in the contacts query stop the cycle before anything is pushed, naming the keys (exit 1),
     * through the CLI as users run it.
     */
    @Test
    void duplicate_keys_stop_the_cycle_naming_them_and_nothing_is_pushed(@TempDir Path folder) throws Exception {
        long seed = Sizes.seed();
        Random random = new Random(seed);
        List<String> violations = new ArrayList<>();
        int tried = 0;
        try (HistoryWorld world = new HistoryWorld(lab, HistoryConfig.DEFAULTS, lab.nextName())) {
            for (int round = 0; round < Math.max(2, Sizes.crmRounds() / 2); round++) {
                world.crm("DELETE FROM customers");
                int contacts = 5 + random.nextInt(20);
                for (int key = 1; key <= contacts; key++) {
                    world.crm("INSERT INTO customers (id, email, newsletter, first_name, in_audience) VALUES (?, ?, TRUE, 'N', TRUE)",
                            key, "dup" + round + "-" + key + "@example.com");
                }
                Set<Integer> duplicated = new HashSet<>();
                for (int d = 1 + random.nextInt(3); d > 0; d--) {
                    duplicated.add(1 + random.nextInt(contacts));
                }
                String query = "SELECT id, email, newsletter, consent_at, first_name, segment, in_audience FROM customers "
                        + "UNION ALL SELECT id, 'other@example.com', newsletter, consent_at, first_name, segment, in_audience "
                        + "FROM customers WHERE id IN (" + String.join(", ", duplicated.stream().map(String::valueOf).toList()) + ")";
                Path config = folder.resolve("dup" + round + ".yml");
                Files.writeString(config, world.configYaml(query));
                ConfigFuzzIT.Run run = ConfigFuzzIT.run(config, "sync");
                tried += duplicated.size();
                Figures.detail("bad CRM data: duplicate keys", duplicated.size());
                if (run.exit() != 1 || !run.text().contains("duplicate CRM keys")
                        || !duplicated.stream().allMatch(key -> run.text().contains(String.valueOf(key)))) {
                    violations.add("round " + round + ": duplicates " + duplicated + ": exit " + run.exit() + ": " + run.text());
                }
                if (!world.sandbox.members(world.list).isEmpty()) {
                    violations.add("round " + round + ": members were pushed although the keys were not unique");
                }
            }
        }
        Figures.add(Count.BAD_INPUTS, tried);
        Figures.add(Count.VIOLATIONS, violations.size());
        assertThat(violations).as("seed %d", seed).isEmpty();
    }
}
