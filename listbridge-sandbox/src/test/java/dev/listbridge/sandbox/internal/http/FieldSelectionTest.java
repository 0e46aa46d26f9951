package dev.listbridge.sandbox.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class FieldSelectionTest {
    private static final String PAGE = """
            {"members":[{"id":"a","email_address":"a@x.org","status":"subscribed","merge_fields":{"FNAME":"A","LNAME":"B"},
                         "stats":{"avg_open_rate":0},"_links":[]},
                        {"id":"b","email_address":"b@x.org","status":"cleaned","merge_fields":{"FNAME":"C","LNAME":"D"},
                         "stats":{"avg_open_rate":0},"_links":[]}],
             "list_id":"L1","total_items":2,"_links":[]}""";

    private static JsonNode select(String query) {
        return FieldSelection.of(ApiCall.of("GET", "/lists/L1/members", query, "")).apply(Json.parse(PAGE));
    }

    @Test
    void fields_keep_only_the_paths_named_in_every_item_of_an_array() {
        JsonNode page = select("fields=members.id,members.merge_fields.LNAME,total_items");

        assertThat(page.toString()).isEqualTo("{\"members\":[{\"id\":\"a\",\"merge_fields\":{\"LNAME\":\"B\"}},"
                + "{\"id\":\"b\",\"merge_fields\":{\"LNAME\":\"D\"}}],\"total_items\":2}");
    }

    @Test
    void a_whole_sub_object_is_kept_when_named_without_a_dot() {
        assertThat(select("fields=members.merge_fields").path("members").get(1).toString())
                .isEqualTo("{\"merge_fields\":{\"FNAME\":\"C\",\"LNAME\":\"D\"}}");
    }

    @Test
    void exclude_fields_drop_the_paths_named() {
        JsonNode page = select("exclude_fields=members._links,members.stats,_links,members.merge_fields.FNAME");

        assertThat(page.path("members").get(0).toString())
                .isEqualTo("{\"id\":\"a\",\"email_address\":\"a@x.org\",\"status\":\"subscribed\",\"merge_fields\":{\"LNAME\":\"B\"}}");
        assertThat(page.has("_links")).isFalse();
        assertThat(page.path("total_items").asInt()).isEqualTo(2);
    }

    @Test
    void without_either_parameter_everything_stays() {
        assertThat(select("count=10")).isEqualTo(Json.parse(PAGE));
        assertThat(select("fields=")).isEqualTo(Json.parse(PAGE));
    }
}
