package dev.listbridge.crm.jdbc.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.crm.jdbc.capture.CaptureTable.TableColumn;
import java.sql.Types;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WatchedColumnsTest {
    static final CaptureTable CUSTOMERS = new CaptureTable("customers", Stream.of("id", "Email", "newsletter", "first_name",
            "last_name", "deleted", "segment", "last_login", "Note").map(name -> new TableColumn(name, Types.VARCHAR, "varchar")).toList());

    static List<String> watched(List<String> sql, List<String> names) {
        return WatchedColumns.of(CUSTOMERS, sql, names).stream().map(TableColumn::name).toList();
    }

    @Test
    void columns_the_query_or_a_filter_mentions_or_the_config_names_are_watched_in_the_tables_order() {
        assertThat(watched(List.of("SELECT id, email, newsletter, CONCAT(first_name, ' ', last_name) AS name FROM customers "
                        + "WHERE deleted = FALSE", "segment = 'B2C'"), List.of("id", "EMAIL", "name")))
                .containsExactly("id", "Email", "newsletter", "first_name", "last_name", "deleted", "segment");
    }

    @Test
    void quoted_identifiers_count_and_a_star_takes_every_column() {
        assertThat(watched(List.of("SELECT \"Note\", `id`, [deleted] FROM t"), List.of())).containsExactly("id", "deleted", "Note");
        assertThat(watched(List.of("SELECT * FROM customers"), List.of("id"))).hasSize(9);
    }
}
