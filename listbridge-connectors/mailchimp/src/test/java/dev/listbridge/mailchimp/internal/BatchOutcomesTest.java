package dev.listbridge.mailchimp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.listbridge.spi.Address;
import dev.listbridge.spi.RejectReason;
import dev.listbridge.spi.WriteOutcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchOutcomesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void new_updated_and_refused_members_map_back_to_the_addresses_sent() throws Exception {
        Address created = Address.parse("Ann.Smith@Example.com");
        Address updated = Address.parse("bob@example.com");
        Address refused = Address.parse("carl@example.com");
        Address forgotten = Address.parse("dora@example.com");
        String answer = """
                {"new_members":[{"id":"h1","email_address":"ann.smith@example.com","status":"subscribed"}],
                 "updated_members":[{"id":"h2","email_address":"bob@example.com","status":"unsubscribed",
                                    "last_changed":"2026-11-23T10:15:30+00:00"}],
                 "errors":[{"email_address":"CARL@example.com",
                            "error":"carl@example.com is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.",
                            "error_code":"ERROR_GENERIC"}],
                 "total_created":1,"total_updated":1,"error_count":1}""";

        Map<String, WriteOutcome> outcomes = BatchOutcomes.of(JSON.readTree(answer), List.of(created, updated, refused, forgotten));

        assertThat(outcomes.get("ann.smith@example.com")).isEqualTo(new WriteOutcome.Applied(created, "h1", true));
        assertThat(outcomes.get("bob@example.com")).isEqualTo(new WriteOutcome.Applied(updated, "h2", false,
                java.time.Instant.parse("2026-11-23T10:15:30Z")));
        assertThat(outcomes.get("carl@example.com")).isInstanceOfSatisfying(WriteOutcome.Rejected.class, rejected -> {
            assertThat(rejected.address()).isSameAs(refused);
            assertThat(rejected.reason()).isEqualTo(RejectReason.COMPLIANCE_STATE);
            assertThat(rejected.toolMessage()).contains("compliance state");
        });
        assertThat(outcomes.get("dora@example.com")).isEqualTo(
                new WriteOutcome.Rejected(forgotten, RejectReason.OTHER, BatchOutcomes.NOT_MENTIONED));
    }

    @Test
    void field_errors_keep_the_field_and_its_message() throws Exception {
        Address address = Address.parse("eve@example.com");
        String answer = """
                {"errors":[{"email_address":"eve@example.com","error":"Your merge fields were invalid.",
                            "field":"BIRTHDAY","field_message":"Please enter a valid date"}]}""";

        WriteOutcome outcome = BatchOutcomes.of(JSON.readTree(answer), List.of(address)).get("eve@example.com");

        assertThat(outcome).isEqualTo(new WriteOutcome.Rejected(address, RejectReason.OTHER,
                "Your merge fields were invalid. (BIRTHDAY: Please enter a valid date)"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "x@example.com is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.|COMPLIANCE_STATE",
            "x@example.com was permanently deleted and cannot be re-imported. The contact must re-subscribe to get back on the list.|COMPLIANCE_STATE",
            "Please provide a valid email address.|INVALID_ADDRESS",
            "x@example.invalid looks fake or invalid, please enter a real email address.|INVALID_ADDRESS",
            "x@example.com has signed up to a lot of lists very recently; we're not allowing more signups for now|OTHER",
            "unsubscribed.cleaned@example.com has signed up to a lot of lists very recently|OTHER"})
    void reasons_are_read_from_mailchimps_text(String text, RejectReason reason) {
        String address = text.substring(0, text.indexOf(' '));
        assertThat(RejectReasons.of(text, address)).isEqualTo(reason);
    }

    @Test
    void a_refused_rename_is_a_conflict_unless_the_address_is_invalid() {
        assertThat(RejectReasons.ofRename("A list member with the address new@example.com already exists.",
                "unsubscribed@example.com", "new@example.com")).isEqualTo(RejectReason.CONFLICT);
        assertThat(RejectReasons.ofRename("Please provide a valid email address.", "a@example.com", "b@x"))
                .isEqualTo(RejectReason.INVALID_ADDRESS);
    }
}
