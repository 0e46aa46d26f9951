package dev.listbridge.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressTest {

    @Test
    void trims_and_lowercases_the_domain_but_keeps_the_local_spelling_for_push() {
        Address address = Address.parse("  Jane.Doe@ACME.Example ");
        assertThat(address.original()).isEqualTo("Jane.Doe@ACME.Example");
        assertThat(address.ascii()).isEqualTo("Jane.Doe@acme.example");
        assertThat(address.key()).isEqualTo("jane.doe@acme.example");
    }

    @Test
    void a_change_of_case_only_has_the_same_key() {
        assertThat(Address.parse("JANE@acme.example").key()).isEqualTo(Address.parse("jane@Acme.Example").key());
    }

    @Test
    void idn_domains_are_pushed_and_matched_in_punycode() {
        Address address = Address.parse("anna@Bücher.example");
        assertThat(address.ascii()).isEqualTo("anna@xn--bcher-kva.example");
        assertThat(address.key()).isEqualTo(Address.parse("anna@xn--bcher-kva.example").key());
        assertThat(address.utf8LocalPart()).isFalse();
    }

    @Test
    void a_utf8_local_part_is_valid_but_flagged() {
        assertThat(Address.parse("jürgen@example.com").utf8LocalPart()).isTrue();
    }

    @Test
    void a_quoted_local_part_is_accepted() {
        assertThat(Address.parse("\"john smith\"@example.com").key()).isEqualTo("\"john smith\"@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "no-at-sign.example", "@example.com", "jane@", "jane@localhost", "jane@@example.com",
        "ja ne@example.com", ".jane@example.com", "jane.@example.com", "ja..ne@example.com", "jane@example..com",
        "jane@123.456", "jane@exa mple.com"})
    void malformed_addresses_are_rejected_with_the_reason(String raw) {
        assertThatThrownBy(() -> Address.parse(raw)).isInstanceOf(InvalidAddressException.class)
                .satisfies(e -> assertThat(((InvalidAddressException) e).problem()).isNotBlank());
    }

    @Test
    void null_is_rejected_as_no_address() {
        assertThatThrownBy(() -> Address.parse(null)).isInstanceOf(InvalidAddressException.class).hasMessageContaining("NULL")
                .satisfies(e -> assertThat(e.getStackTrace()).as("a finding about data: no stack trace").isEmpty());
    }

    @Test
    void over_long_addresses_are_rejected() {
        assertThatThrownBy(() -> Address.parse("a".repeat(65) + "@example.com")).hasMessageContaining("local part longer");
        assertThatThrownBy(() -> Address.parse("a@" + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60) + "."
                + "e".repeat(60) + "." + "f".repeat(20) + ".com")).isInstanceOf(InvalidAddressException.class);
    }
}
