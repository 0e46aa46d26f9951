package dev.listbridge.reliability.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.listbridge.sandbox.RecordedRequest;
import dev.listbridge.sandbox.SandboxMember;
import dev.listbridge.spi.Address;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks every write Listbridge sent to the tool in a cycle (the sandbox's request log), independently of the
 * reference model's plan:
 * <ul>
 *   <li>I2: no address a recipient opted out, bounced or complained with is sent {@code subscribed} unless a
 *       contact holding it had consent newer than that in a CRM read Listbridge made, or the recipient came
 *       back through the tool's own confirmation since;</li>
 *   <li>I5: only addresses of CRM contacts are written (what Listbridge created or adopted), and never an
 *       address released to its recipient.</li>
 * </ul>
 */
final class TrafficChecks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrafficChecks() {
    }

    /** One member write in a request: the address and, for status writes, the status sent. */
    record Write(String key, String status, Instant at, String what) {
    }

    static List<Violation> check(HistoryWorld world, ReferenceModel model, Journal journal, List<RecordedRequest> requests) {
        List<Violation> violations = new ArrayList<>();
        Map<String, String> byHash = hashes(world, model, journal);
        for (RecordedRequest request : requests) {
            for (Write write : writes(world.list, request, byHash, violations)) {
                checkOwnership(model, write, violations);
                if ("subscribed".equals(write.status())) {
                    checkSuppression(journal, write, violations);
                }
            }
        }
        return violations;
    }

    private static void checkOwnership(ReferenceModel model, Write write, List<Violation> violations) {
        if (!model.crmAddresses.contains(write.key())) {
            violations.add(new Violation("I5", write.what() + " for " + write.key()
                    + ", an address no CRM contact had: Listbridge neither created nor adopted this member"));
        }
        ReferenceModel.Member member = model.members.get(write.key());
        if (member != null && member.released) {
            violations.add(new Violation("I5", write.what() + " for " + write.key()
                    + ", a retired address its recipient re-subscribed to (released, no longer Listbridge's)"));
        }
    }

    private static void checkSuppression(Journal journal, Write write, List<Violation> violations) {
        Journal.Suppressed last = null;
        for (Journal.Suppressed s : journal.suppressed) {
            if (s.key().equals(write.key()) && !s.at().isAfter(write.at()) && (last == null || s.at().isAfter(last.at()))) {
                last = s;
            }
        }
        if (last == null) {
            return;
        }
        Journal.Suppressed suppression = last;
        boolean cameBack = journal.resubscribed.stream().anyMatch(r -> r.key().equals(write.key())
                && r.at().isAfter(suppression.at()) && !r.at().isAfter(write.at()));
        if (cameBack) {
            return;
        }
        boolean newerConsent = journal.reads.stream().filter(read -> !read.at().isAfter(write.at()))
                .flatMap(read -> read.contacts().stream())
                .anyMatch(contact -> contact.consent() && contact.consentAt() != null
                        && contact.consentAt().isAfter(suppression.at()) && StepExecutor.valid(contact.email())
                        && StepExecutor.key(contact.email()).equals(write.key()));
        if (!newerConsent) {
            violations.add(new Violation("I2", write.what() + " sent 'subscribed' for " + write.key() + " at " + write.at()
                    + " after the recipient's " + suppression.kind() + " at " + suppression.at()
                    + " with no CRM consent newer than it"));
        }
    }

    private static List<Write> writes(String list, RecordedRequest request, Map<String, String> byHash,
                                      List<Violation> violations) {
        String base = "/3.0/lists/" + list;
        String path = request.path();
        if (!path.startsWith(base) || request.method().equals("GET")) {
            return List.of();
        }
        String rest = path.substring(base.length());
        List<Write> writes = new ArrayList<>();
        Instant at = request.receivedAt();
        JsonNode body = parse(request.body());
        if (rest.isEmpty() && request.method().equals("POST")) {
            for (JsonNode member : body.path("members")) {
                writes.add(new Write(key(member.path("email_address").asText()), member.path("status").asText(null), at,
                        "batch subscribe (" + member.path("status").asText() + ")"));
            }
        } else if (rest.matches("/members/[0-9a-f]{32}(/tags)?")) {
            String hash = rest.substring("/members/".length(), "/members/".length() + 32);
            String key = byHash.get(hash);
            if (key == null) {
                violations.add(new Violation("I5", request.method() + " " + path + " for a member no address of this history has"));
                return List.of();
            }
            writes.add(new Write(key, body.path("status").asText(null), at, request.method() + " member"));
            if (body.hasNonNull("email_address")) {
                writes.add(new Write(key(body.get("email_address").asText()), null, at, "rename"));
            }
        } else if (rest.matches("/segments/\\d+")) {
            for (String field : List.of("members_to_add", "members_to_remove")) {
                for (JsonNode email : body.path(field)) {
                    writes.add(new Write(key(email.asText()), null, at, "tag " + field.replace('_', ' ')));
                }
            }
        }
        return writes;
    }

    private static Map<String, String> hashes(HistoryWorld world, ReferenceModel model, Journal journal) {
        Map<String, String> byHash = new HashMap<>();
        List<String> keys = new ArrayList<>(model.members.keySet());
        keys.addAll(model.crmAddresses);
        world.sandbox.members(world.list).stream().map(SandboxMember::email).map(TrafficChecks::key).forEach(keys::add);
        journal.crmSpellings.stream().filter(StepExecutor::valid).map(TrafficChecks::key).forEach(keys::add);
        keys.forEach(key -> byHash.put(md5(key), key));
        return byHash;
    }

    private static String key(String email) {
        return Address.parse(email).key();
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }

    static String md5(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(key.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
