package dev.listbridge.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> KEYS = List.of("addressChange", "newMembers", "writeBack", "timeZone", "tags");

    @Test
    void a_name_within_two_edits_is_suggested() {
        assertThat(Suggestions.closest("adressChange", KEYS)).isEqualTo("addressChange");
        assertThat(Suggestions.closest("tag", KEYS)).isEqualTo("tags");
    }

    @Test
    void case_differences_count_for_nothing() {
        assertThat(Suggestions.closest("timezone", KEYS)).isEqualTo("timeZone");
    }

    @Test
    void a_prefix_either_way_is_suggested() {
        assertThat(Suggestions.closest("write", KEYS)).isEqualTo("writeBack");
        assertThat(Suggestions.closest("newMembersPolicy", KEYS)).isEqualTo("newMembers");
    }

    @Test
    void nothing_is_suggested_for_an_unrelated_name() {
        assertThat(Suggestions.closest("port", KEYS)).isNull();
    }
}
