package dev.listbridge.mailchimp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listbridge.spi.Address;
import dev.listbridge.spi.RejectReason;
import dev.listbridge.spi.WriteOutcome;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps the answer of "batch subscribe or unsubscribe" ({@code POST /lists/{list_id}}) back to the
 * addresses sent: {@code new_members} and {@code updated_members} are applied (with the member's
 * {@code last_changed}), {@code errors[]} are rejected with Mailchimp's text. Addresses are matched case-insensitively.
 */
public final class BatchOutcomes {

    static final String NOT_MENTIONED = "Mailchimp's batch answer did not mention this address";

    private BatchOutcomes() {
    }

    /** One outcome per address of {@code sent}, keyed by {@link #matchKey(String)}. */
    public static Map<String, WriteOutcome> of(JsonNode answer, List<Address> sent) {
        Map<String, Address> byKey = new HashMap<>();
        sent.forEach(address -> byKey.put(matchKey(address.ascii()), address));
        Map<String, WriteOutcome> outcomes = new HashMap<>();
        applied(answer.path("new_members"), true, byKey, outcomes);
        applied(answer.path("updated_members"), false, byKey, outcomes);
        for (JsonNode error : answer.path("errors")) {
            Address address = byKey.get(matchKey(error.path("email_address").asText("")));
            if (address != null) {
                String text = errorText(error);
                WriteOutcome previous = outcomes.get(matchKey(address.ascii()));
                if (previous instanceof WriteOutcome.Rejected rejected) {
                    outcomes.put(matchKey(address.ascii()), new WriteOutcome.Rejected(address, rejected.reason(),
                            rejected.toolMessage() + "; " + text));
                } else {
                    outcomes.put(matchKey(address.ascii()), new WriteOutcome.Rejected(address, RejectReasons.of(text, address.ascii()), text));
                }
            }
        }
        for (Map.Entry<String, Address> entry : byKey.entrySet()) {
            outcomes.putIfAbsent(entry.getKey(), new WriteOutcome.Rejected(entry.getValue(), RejectReason.OTHER, NOT_MENTIONED));
        }
        return outcomes;
    }

    /** How an address is matched against Mailchimp's spelling of it. */
    public static String matchKey(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }

    private static void applied(JsonNode members, boolean created, Map<String, Address> byKey, Map<String, WriteOutcome> outcomes) {
        for (JsonNode member : members) {
            String key = matchKey(member.path("email_address").asText(""));
            Address address = byKey.get(key);
            if (address != null) {
                outcomes.put(key, new WriteOutcome.Applied(address, member.path("id").asText(SubscriberHash.of(address)), created,
                        MailchimpTime.parse(member.path("last_changed").asText(null))));
            }
        }
    }

    private static String errorText(JsonNode error) {
        String text = error.path("error").asText("");
        String field = error.path("field").asText("");
        String fieldMessage = error.path("field_message").asText("");
        if (!fieldMessage.isBlank()) {
            text += " (" + (field.isBlank() ? "" : field + ": ") + fieldMessage + ")";
        }
        return text.isBlank() ? "Mailchimp refused this address without saying why" : text;
    }
}
