package dev.listbridge.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SingleTableQueryTest {

    @Test
    void a_plain_select_from_one_table_names_it() {
        assertThat(SingleTableQuery.table("SELECT id, email FROM customers")).isEqualTo("customers");
        assertThat(SingleTableQuery.table("select *\n  from crm.customers c\n where c.active = 1\n order by id;")).isEqualTo("crm.customers");
        assertThat(SingleTableQuery.table("SELECT id FROM customers AS c WHERE deleted = FALSE")).isEqualTo("customers");
        assertThat(SingleTableQuery.table("SELECT id, CONCAT(first, ' ', last) AS name FROM customers")).isEqualTo("customers");
    }

    @Test
    void anything_that_may_read_another_table_cannot_be_told() {
        assertThat(SingleTableQuery.table("SELECT c.id FROM customers c JOIN consents n ON n.id = c.id")).isNull();
        assertThat(SingleTableQuery.table("SELECT id FROM customers, consents")).isNull();
        assertThat(SingleTableQuery.table("SELECT id FROM customers WHERE id IN (SELECT id FROM vip)")).isNull();
        assertThat(SingleTableQuery.table("SELECT (SELECT max(x) FROM other) AS m, id FROM customers")).isNull();
        assertThat(SingleTableQuery.table("WITH v AS (SELECT 1) SELECT id FROM customers")).isNull();
        assertThat(SingleTableQuery.table("SELECT id FROM customers UNION SELECT id FROM leads")).isNull();
        assertThat(SingleTableQuery.table("SELECT id FROM (SELECT 1 AS id) t")).isNull();
        assertThat(SingleTableQuery.table("SELECT id FROM customers LIMIT 10")).isNull();
        assertThat(SingleTableQuery.table("SELECT id FROM customers -- JOIN later")).isNull();
        assertThat(SingleTableQuery.table("SELECT id FROM customers WHERE")).isNull();
    }
}
