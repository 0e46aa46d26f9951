package dev.listbridge.reliability.badinput;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Broken config files made from a valid one: malformed YAML, misspelt and unknown keys, wrong types and
 * values, missing variables and required keys, write-back statements with unknown parameters. Each says what
 * the error message must mention and, where the loader can know it, on which line it must point.
 */
final class ConfigMutations {
    /** A broken config: {@code bytes} is the file; {@code surelyBroken} false when the change may leave it valid. */
    record Mutation(String kind, byte[] bytes, boolean surelyBroken, int line, List<String> mentions) {
        static Mutation of(String kind, List<String> lines, int line, String... mentions) {
            return new Mutation(kind, String.join("\n", lines).getBytes(StandardCharsets.UTF_8), true, line, List.of(mentions));
        }
    }

    /** One {@code key: value} line of the base config, with its dotted path. */
    record KeyLine(int index, String indent, String key, String path, String value) {
    }

    /** The keys each section of the format knows (docs and ConfigBinder). */
    private static final Map<String, List<String>> SECTIONS = Map.of(
            "", List.of("state", "crm", "tools", "audiences", "server", "retry"),
            "crm", List.of("url", "user", "password", "timeZone", "capture", "contacts", "writeBack", "fetchSize"),
            "crm.contacts", List.of("query", "key", "email", "consent", "consentAt", "table", "updatedAt"),
            "crm.writeBack", List.of("unsubscribed", "hardBounce", "softBounce", "complaint", "confirmed", "addressChanged", "signup"),
            "retry", List.of("maxAttempts", "initialDelay", "maxDelay", "requestTimeout"),
            "server", List.of("listen", "publicUrl", "adminToken"),
            "audiences.newsletter", List.of("tool", "list", "filter", "consent", "fields", "tags", "keyField", "addressChange",
                    "newMembers", "onLeave", "inbound", "sharedAddress", "blastRadius", "writeBack", "pendingTimeout",
                    "webhookSecret", "signingSecret"));
    private static final Pattern KEY_LINE = Pattern.compile("^( *)([A-Za-z][A-Za-z0-9]*):(.*)$");

    /** Values that are wrong for a key, each with what the message must mention besides the key. */
    private static final Map<String, List<String>> WRONG = Map.ofEntries(
            Map.entry("crm.fetchSize", List.of("lots", "-3", "0", "1.5", "[1, 2]")),
            Map.entry("crm.timeZone", List.of("Mars/Olympus", "[UTC]", "UTC+99")),
            Map.entry("crm.capture", List.of("magic", "{mode: diff}")),
            Map.entry("crm.contacts", List.of("just text", "[query, key]")),
            Map.entry("retry.maxAttempts", List.of("0", "many", "-1", "{n: 3}")),
            Map.entry("retry.initialDelay", List.of("5 parsecs", "-1s", "[]", "1.5.2s", "soon")),
            Map.entry("retry.maxDelay", List.of("forever", "-2m", "1h30")),
            Map.entry("retry.requestTimeout", List.of("0.5 parsecs", "{}")),
            Map.entry("audiences.newsletter.addressChange", List.of("move", "rename", "yes")),
            Map.entry("audiences.newsletter.newMembers", List.of("maybe", "true")),
            Map.entry("audiences.newsletter.onLeave", List.of("vanish", "delete")),
            Map.entry("audiences.newsletter.inbound", List.of("guess", "import")),
            Map.entry("audiences.newsletter.sharedAddress", List.of("random", "firstKey")),
            Map.entry("audiences.newsletter.blastRadius", List.of("150%", "-5", "lots", "5%%", "[5%]")),
            Map.entry("audiences.newsletter.pendingTimeout", List.of("soon", "-1d", "7 fortnights")),
            Map.entry("audiences.newsletter.tags", List.of("{segment: x}", "segment, region")),
            Map.entry("audiences.newsletter.fields", List.of("[first_name]", "first_name")),
            Map.entry("audiences.newsletter.tool", List.of("carrierpigeon", "[mailchimp]")),
            Map.entry("audiences.newsletter.list", List.of("{id: 1}", "[a, b]")),
            Map.entry("state", List.of("[a, b]", "{url: x}", "jdbc:nosuchdb:file")),
            Map.entry("server.listen", List.of("nowhere", "127.0.0.1:99999", "[8787]")),
            Map.entry("tools.mailchimp.type", List.of("carrierpigeon", "[mailchimp]")),
            Map.entry("tools.mailchimp.baseUrl", List.of("not a url", "ftp://127.0.0.1/3.0")),
            Map.entry("tools.mailchimp.pageSize", List.of("5000", "none", "-1")),
            Map.entry("retry", List.of("3", "[1, 2]")),
            Map.entry("crm", List.of("jdbc:h2:mem:x", "[url]")));
    private static final List<String> BAD_PARAMETERS = List.of("kee", "Email", "new_email", "occurred_at", "audiance",
            "reasons", "id", "KEY", "newemail", "occuredAt");
    private static final List<String> REQUIRED = List.of("crm.url", "crm.contacts.query", "crm.contacts.key",
            "crm.contacts.email", "crm.contacts.consent", "tools.mailchimp.type", "audiences.newsletter.tool",
            "audiences.newsletter.list");

    private final List<String> base;
    private final List<KeyLine> keyLines = new ArrayList<>();
    private int unset;

    ConfigMutations(String baseConfig) {
        this.base = List.of(baseConfig.split("\n", -1));
        Deque<String[]> stack = new ArrayDeque<>(); // {indent, path}
        for (int i = 0; i < base.size(); i++) {
            Matcher m = KEY_LINE.matcher(base.get(i));
            if (!m.matches()) {
                continue;
            }
            int indent = m.group(1).length();
            while (!stack.isEmpty() && Integer.parseInt(stack.peek()[0]) >= indent) {
                stack.pop();
            }
            String parent = stack.isEmpty() ? "" : stack.peek()[1];
            String path = parent.isEmpty() ? m.group(2) : parent + "." + m.group(2);
            keyLines.add(new KeyLine(i, m.group(1), m.group(2), path, m.group(3).strip()));
            stack.push(new String[] {Integer.toString(indent), path});
        }
    }

    private static String parent(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    /** A key line whose key is one of the format's own (not a tool, audience or field name). */
    private List<KeyLine> fixedKeys() {
        return keyLines.stream().filter(line -> SECTIONS.containsKey(parent(line.path()))
                && SECTIONS.get(parent(line.path())).contains(line.key())).toList();
    }

    Mutation draw(Random random) {
        return switch (random.nextInt(9)) {
            case 0, 1 -> misspelt(random);
            case 2 -> unknownKey(random);
            case 3, 4 -> wrongValue(random);
            case 5 -> missingVariable(random);
            case 6 -> writeBackParameter(random);
            case 7 -> missingRequired(random);
            default -> malformed(random);
        };
    }

    private Mutation misspelt(Random random) {
        List<KeyLine> candidates = fixedKeys().stream().filter(line -> line.key().length() >= 4).toList();
        KeyLine line = candidates.get(random.nextInt(candidates.size()));
        List<String> siblings = SECTIONS.get(parent(line.path()));
        String drawn;
        do {
            drawn = typo(line.key(), random);
        } while (siblings.contains(drawn) || drawn.equals(line.key()) || !drawn.matches("[A-Za-z][A-Za-z0-9]*"));
        String typo = drawn;
        List<String> lines = new ArrayList<>(base);
        lines.set(line.index(), line.indent() + typo + ":" + base.get(line.index()).substring(line.indent().length() + line.key().length() + 1));
        boolean unambiguous = siblings.stream().filter(other -> !other.equals(line.key()))
                .allMatch(other -> distance(typo.toLowerCase(), other.toLowerCase()) > distance(typo.toLowerCase(), line.key().toLowerCase()));
        return unambiguous ? Mutation.of("misspelt key", lines, line.index() + 1, typo, "did you mean '" + line.key() + "'")
                : Mutation.of("misspelt key", lines, line.index() + 1, typo, "did you mean");
    }

    private static String typo(String key, Random random) {
        StringBuilder text = new StringBuilder(key);
        int at = random.nextInt(key.length());
        switch (random.nextInt(4)) {
            case 0 -> {
                if (at + 1 < key.length()) {
                    char c = text.charAt(at);
                    text.setCharAt(at, text.charAt(at + 1));
                    text.setCharAt(at + 1, c);
                } else {
                    text.deleteCharAt(at);
                }
            }
            case 1 -> text.deleteCharAt(at);
            case 2 -> text.insert(at, (char) ('a' + random.nextInt(26)));
            default -> text.setCharAt(at, (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private Mutation unknownKey(Random random) {
        List<KeyLine> anchors = fixedKeys().stream().filter(line -> !line.value().isEmpty()).toList();
        KeyLine anchor = anchors.get(random.nextInt(anchors.size()));
        String key = "frobnicate" + random.nextInt(1000);
        List<String> lines = new ArrayList<>(base);
        lines.add(anchor.index() + 1, anchor.indent() + key + ": 1");
        return Mutation.of("unknown key", lines, anchor.index() + 2, key, "unknown key");
    }

    private Mutation wrongValue(Random random) {
        List<String> paths = new ArrayList<>(WRONG.keySet());
        paths.sort(null);
        String path = paths.get(random.nextInt(paths.size()));
        KeyLine line = keyLines.stream().filter(candidate -> candidate.path().equals(path)).findFirst().orElseThrow();
        List<String> values = WRONG.get(path);
        String value = values.get(random.nextInt(values.size()));
        List<String> lines = new ArrayList<>(base);
        // a section given a scalar loses its children: drop them too
        int end = line.index() + 1;
        while (end < lines.size() && indent(lines.get(end)) > line.indent().length() && !lines.get(end).isBlank()) {
            end++;
        }
        lines.subList(line.index() + 1, end).clear();
        lines.set(line.index(), line.indent() + line.key() + ": " + value);
        return Mutation.of("wrong type or value", lines, 0, line.key());
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private Mutation missingVariable(Random random) {
        List<KeyLine> scalars = fixedKeys().stream().filter(line -> !line.value().isEmpty() && !line.value().startsWith("[")
                && !line.value().startsWith("{")).toList();
        KeyLine line = scalars.get(random.nextInt(scalars.size()));
        List<String> lines = new ArrayList<>(base);
        int roll = random.nextInt(5);
        if (roll == 0) {
            lines.set(line.index(), line.indent() + line.key() + ": \"${UNCLOSED_" + random.nextInt(100) + "\"");
            return Mutation.of("malformed variable", lines, line.index() + 1, "closing '}'");
        }
        if (roll == 1) {
            lines.set(line.index(), line.indent() + line.key() + ": \"${1" + random.nextInt(100) + "-BAD}\"");
            return Mutation.of("malformed variable", lines, line.index() + 1, "variable name");
        }
        String name = "LB_FUZZ_UNSET_" + ++unset + "_" + random.nextInt(1_000_000);
        lines.set(line.index(), line.indent() + line.key() + ": \"" + (random.nextBoolean() ? "prefix-" : "") + "${" + name + "}\"");
        return Mutation.of("missing environment variable", lines, line.index() + 1, name, "not set");
    }

    private Mutation writeBackParameter(Random random) {
        List<KeyLine> statements = keyLines.stream().filter(line -> parent(line.path()).equals("crm.writeBack")).toList();
        KeyLine line = statements.get(random.nextInt(statements.size()));
        List<String> lines = new ArrayList<>(base);
        String statement = "crm.writeBack." + line.key();
        int roll = random.nextInt(6);
        if (roll == 0) {
            lines.set(line.index(), line.indent() + line.key() + ": UPDATE customers SET newsletter = ? WHERE id = :key");
            return Mutation.of("write-back statement", lines, 0, statement, "?");
        }
        if (roll == 1) {
            lines.set(line.index(), line.indent() + line.key() + ": \"UPDATE customers SET first_name = 'unterminated WHERE id = :key\"");
            return Mutation.of("write-back statement", lines, 0, statement, "unterminated");
        }
        String parameter = BAD_PARAMETERS.get(random.nextInt(BAD_PARAMETERS.size()));
        lines.set(line.index(), line.indent() + line.key() + ": UPDATE customers SET newsletter = FALSE WHERE id = :key AND email = :"
                + parameter);
        return Mutation.of("write-back statement", lines, 0, statement, ":" + parameter);
    }

    private Mutation missingRequired(Random random) {
        if (random.nextInt(4) == 0) {
            String section = List.of("crm", "tools", "audiences").get(random.nextInt(3));
            KeyLine line = keyLines.stream().filter(candidate -> candidate.path().equals(section)).findFirst().orElseThrow();
            List<String> lines = new ArrayList<>(base);
            int end = line.index() + 1;
            while (end < lines.size() && (indent(lines.get(end)) > 0 || lines.get(end).isBlank())) {
                end++;
            }
            lines.subList(line.index(), end).clear();
            return Mutation.of("missing section", lines, 0, section);
        }
        String path = REQUIRED.get(random.nextInt(REQUIRED.size()));
        KeyLine line = keyLines.stream().filter(candidate -> candidate.path().equals(path)).findFirst().orElseThrow();
        List<String> lines = new ArrayList<>(base);
        lines.remove(line.index());
        return Mutation.of("missing required key", lines, 0, line.key());
    }

    private Mutation malformed(Random random) {
        List<String> lines = new ArrayList<>(base);
        List<KeyLine> nested = keyLines.stream().filter(line -> !line.indent().isEmpty()).toList();
        KeyLine line = nested.get(random.nextInt(nested.size()));
        String text = base.get(line.index());
        switch (random.nextInt(14)) {
            case 0 -> {
                lines.set(line.index(), "\t" + text.substring(1));
                return Mutation.of("malformed YAML: tab indentation", lines, line.index() + 1, "malformed YAML");
            }
            case 1 -> {
                lines.set(line.index(), line.indent() + line.key() + ": \"" + line.value().replace("\"", ""));
                return Mutation.of("malformed YAML: unclosed quote", lines, 0, "malformed YAML");
            }
            case 2 -> {
                lines.set(line.index(), line.indent() + line.key() + ": [" + line.value().replace("[", "").replace("]", ""));
                return Mutation.of("malformed YAML: unclosed bracket", lines, 0, "malformed YAML");
            }
            case 3 -> {
                lines.add(line.index() + 1, text);
                return Mutation.of("duplicate key", lines, line.index() + 2, line.key(), "duplicate");
            }
            case 4 -> {
                return Mutation.of("not a mapping", List.of("- crm", "- tools", "- audiences"), 0, "expected");
            }
            case 5 -> {
                return Mutation.of("empty file", List.of(random.nextBoolean() ? "" : "# only a comment"), 0, "empty");
            }
            case 6 -> {
                byte[] bytes = String.join("\n", base).getBytes(StandardCharsets.UTF_8);
                byte[] broken = new byte[bytes.length + 2];
                int at = random.nextInt(bytes.length);
                System.arraycopy(bytes, 0, broken, 0, at);
                broken[at] = (byte) 0xff;
                broken[at + 1] = (byte) 0xfe;
                System.arraycopy(bytes, at, broken, at + 2, bytes.length - at);
                return new Mutation("not UTF-8", broken, true, 0, List.of("UTF-8"));
            }
            case 7 -> {
                List<String> bomb = new ArrayList<>(List.of("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"));
                for (char c = 'b'; c <= 'j'; c++) {
                    bomb.add(c + ": &" + c + " [*" + (char) (c - 1) + ",*" + (char) (c - 1) + ",*" + (char) (c - 1) + ",*"
                            + (char) (c - 1) + ",*" + (char) (c - 1) + ",*" + (char) (c - 1) + ",*" + (char) (c - 1) + "]");
                }
                lines.addAll(0, bomb);
                return Mutation.of("alias bomb", lines, 0);
            }
            case 8 -> {
                lines.add("---");
                lines.addAll(base);
                return Mutation.of("two documents", lines, 0, "malformed YAML");
            }
            case 9 -> {
                lines.set(line.index(), line.indent() + line.key() + " " + line.value());
                return new Mutation("malformed YAML: no colon", String.join("\n", lines).getBytes(StandardCharsets.UTF_8),
                        false, 0, List.of());
            }
            case 10 -> {
                lines.set(line.index(), " " + text);
                return new Mutation("malformed YAML: indentation", String.join("\n", lines).getBytes(StandardCharsets.UTF_8),
                        false, 0, List.of());
            }
            case 11 -> {
                String whole = String.join("\n", base);
                int at = random.nextInt(whole.length());
                return new Mutation("truncated", whole.substring(0, at).getBytes(StandardCharsets.UTF_8), false, 0, List.of());
            }
            case 12 -> {
                String whole = String.join("\n", base);
                int at = random.nextInt(whole.length());
                char garbage = "\u0000\u0007\u001b{}[]&*!|>'\"%@`#,?:-".charAt(random.nextInt(21));
                return new Mutation("stray character", (whole.substring(0, at) + garbage + whole.substring(at))
                        .getBytes(StandardCharsets.UTF_8), false, 0, List.of());
            }
            default -> {
                lines.set(line.index(), line.indent() + line.key() + ": !!java.lang.Runtime " + line.value());
                return new Mutation("YAML tag", String.join("\n", lines).getBytes(StandardCharsets.UTF_8), false, 0, List.of());
            }
        }
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
