package dev.listbridge.crm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.listbridge.spi.ConfigProblem;
import dev.listbridge.spi.InvalidConfigException;
import org.junit.jupiter.api.Test;

class NamedStatementTest {

    @Test
    void named_parameters_become_question_marks_in_order() {
        NamedStatement statement = NamedStatement.parse("unsubscribed",
                "UPDATE customers SET newsletter = FALSE, changed_at = :occurredAt WHERE id = :key AND email = :email");

        assertThat(statement.jdbcSql()).isEqualTo("UPDATE customers SET newsletter = FALSE, changed_at = ? WHERE id = ? AND email = ?");
        assertThat(statement.parameters()).containsExactly("occurredAt", "key", "email");
        assertThat(statement.name()).isEqualTo("unsubscribed");
    }

    @Test
    void a_parameter_used_twice_is_bound_twice() {
        NamedStatement statement = NamedStatement.parse("addressChanged",
                "UPDATE c SET email = :newEmail, old_email = :email WHERE id = :key AND email <> :newEmail");

        assertThat(statement.parameters()).containsExactly("newEmail", "email", "key", "newEmail");
        assertThat(statement.uses("reason")).isFalse();
    }

    @Test
    void every_allowed_parameter_is_accepted() {
        NamedStatement statement = NamedStatement.parse("signup",
                "INSERT INTO ev VALUES (:key, :email, :newEmail, :occurredAt, :reason, :audience)");

        assertThat(statement.parameters()).containsExactlyElementsOf(NamedStatement.ALLOWED);
        assertThat(statement.jdbcSql()).isEqualTo("INSERT INTO ev VALUES (?, ?, ?, ?, ?, ?)");
    }

    @Test
    void colons_inside_single_quoted_strings_are_text() {
        NamedStatement statement = NamedStatement.parse("hardBounce",
                "UPDATE c SET note = 'bounce at 10:30 :key', other = 'it''s :email' WHERE id = :key");

        assertThat(statement.jdbcSql()).isEqualTo("UPDATE c SET note = 'bounce at 10:30 :key', other = 'it''s :email' WHERE id = ?");
        assertThat(statement.parameters()).containsExactly("key");
    }

    @Test
    void backslash_escapes_count_only_in_postgresql_escape_strings() {
        NamedStatement statement = NamedStatement.parse("s", "UPDATE c SET a = E'x\\' :email', b = 'C:\\' WHERE id = :key");

        assertThat(statement.parameters()).containsExactly("key");
        assertThat(statement.jdbcSql()).isEqualTo("UPDATE c SET a = E'x\\' :email', b = 'C:\\' WHERE id = ?");
    }

    @Test
    void colons_inside_quoted_identifiers_are_names() {
        NamedStatement statement = NamedStatement.parse("s", "UPDATE \"odd:email\" SET `x:reason` = 1 WHERE \"a\"\":key\" = :key");

        assertThat(statement.parameters()).containsExactly("key");
        assertThat(statement.jdbcSql()).isEqualTo("UPDATE \"odd:email\" SET `x:reason` = 1 WHERE \"a\"\":key\" = ?");
    }

    @Test
    void comments_are_copied_and_their_colons_ignored() {
        NamedStatement statement = NamedStatement.parse("s", """
                -- sets :email to faulty (:nonsense)
                UPDATE c SET status = 'faulty' /* not :here /* nested :too */ still :not */
                WHERE id = :key""");

        assertThat(statement.parameters()).containsExactly("key");
        assertThat(statement.jdbcSql()).contains("-- sets :email to faulty (:nonsense)\n").endsWith("WHERE id = ?");
    }

    @Test
    void postgresql_casts_are_no_parameters() {
        NamedStatement statement = NamedStatement.parse("s",
                "UPDATE c SET at = :occurredAt::timestamptz, n = '1'::int WHERE id = :key::bigint AND x = y::text");

        assertThat(statement.jdbcSql()).isEqualTo("UPDATE c SET at = ?::timestamptz, n = '1'::int WHERE id = ?::bigint AND x = y::text");
        assertThat(statement.parameters()).containsExactly("occurredAt", "key");
    }

    @Test
    void dollar_quoted_strings_and_assignments_are_left_alone() {
        NamedStatement statement = NamedStatement.parse("s",
                "UPDATE c SET note = $$at :email$$, t = $tag$ :reason $tag$, @v := 1 WHERE id = :key AND p = $1");

        assertThat(statement.parameters()).containsExactly("key");
        assertThat(statement.jdbcSql()).isEqualTo("UPDATE c SET note = $$at :email$$, t = $tag$ :reason $tag$, @v := 1 WHERE id = ? AND p = $1");
    }

    @Test
    void an_unknown_parameter_names_the_statement_the_parameter_and_the_allowed_names() {
        assertThatThrownBy(() -> NamedStatement.parse("unsubscribed", "UPDATE c SET x = :when WHERE id = :customerId"))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.problems()).extracting(ConfigProblem::key).containsOnly("unsubscribed");
                    assertThat(e.problems()).hasSize(2);
                    assertThat(e.getMessage())
                            .contains("statement 'unsubscribed' uses unknown parameter :when")
                            .contains(":customerId")
                            .contains(":key, :email, :newEmail, :occurredAt, :reason, :audience");
                });
    }

    @Test
    void a_misspelt_parameter_gets_a_did_you_mean() {
        assertThatThrownBy(() -> NamedStatement.parse("hardBounce", "UPDATE c SET bad = TRUE WHERE id = :kee AND e = :new_email "
                + "AND t = :occuredAt AND x = :whatever"))
                .hasMessageContaining(":kee; did you mean :key?")
                .hasMessageContaining(":new_email; did you mean :newEmail?")
                .hasMessageContaining(":occuredAt; did you mean :occurredAt?")
                .hasMessageContaining("unknown parameter :whatever; allowed are");
    }

    @Test
    void parameter_names_are_case_sensitive() {
        assertThatThrownBy(() -> NamedStatement.parse("addressChanged", "UPDATE c SET email = :newemail WHERE id = :key"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(":newemail");
    }

    @Test
    void a_bare_question_mark_is_refused() {
        assertThatThrownBy(() -> NamedStatement.parse("s", "UPDATE c SET a = ? WHERE id = :key"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("bare '?'");
        assertThat(NamedStatement.parse("s", "UPDATE c SET a = 'why?' WHERE id = :key").parameters()).containsExactly("key");
    }

    @Test
    void unterminated_strings_and_comments_are_reported() {
        assertThatThrownBy(() -> NamedStatement.parse("s", "UPDATE c SET a = 'oops WHERE id = :key"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> NamedStatement.parse("s", "UPDATE c SET a = 1 /* WHERE id = :key"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("unterminated comment");
        assertThatThrownBy(() -> NamedStatement.parse("s", "UPDATE \"c SET a = 1"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("unterminated quoted identifier");
    }

    @Test
    void an_empty_statement_is_reported() {
        assertThatThrownBy(() -> NamedStatement.parse("complaint", "  "))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("'complaint' is empty");
    }

    @Test
    void a_colon_after_a_name_or_digit_is_no_parameter() {
        NamedStatement statement = NamedStatement.parse("s", "UPDATE c SET a = arr[1:n], t = '10:00' WHERE id = :key");

        assertThat(statement.parameters()).containsExactly("key");
    }
}
