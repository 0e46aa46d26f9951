package dev.listbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.engine.CycleOutcome;
import dev.listbridge.engine.CycleReport;
import dev.listbridge.sandbox.MailchimpSandbox;
import dev.listbridge.testing.TestDatabase;
import dev.listbridge.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad days: a tool that refuses a member, a tool that is down, rate limits, an unreachable CRM. Nothing is lost. */
class FaultStoriesIT extends StoryTest {
    @Test
    void a_member_the_tool_refuses_becomes_a_dead_letter_with_its_message_and_is_retried_next_cycle() {
        h.customer(1, "good@example.com", true, "B2C");
        h.customer(2, "refused@example.com", true, "B2C");
        sandbox.faults().failBatchMember("refused@example.com", "refused@example.com has signed up to a lot of lists very recently; we're not allowing more signups for now");

        CycleReport first = h.sync();

        assertThat(first.outcome()).isEqualTo(CycleOutcome.DONE);
        assertThat(h.status("good@example.com")).isEqualTo("subscribed");
        assertThat(h.status("refused@example.com")).isEqualTo("absent");
        assertThat(first.samples().get(CycleReport.DEAD_LETTERS))
                .anyMatch(s -> s.contains("signed up to a lot of lists"));

        sandbox.faults().clear();
        CycleReport second = h.sync();

        assertThat(second.get("dead letters retried")).as("the upsert and the tag that needed the member").isEqualTo(2);
        assertThat(h.status("refused@example.com")).isEqualTo("subscribed");
        assertThat(sandbox.member(h.list, "refused@example.com").orElseThrow().tags()).containsExactly("B2C");
        assertThat(sandbox.members(h.list)).hasSize(2);
    }

    @Test
    void a_tool_that_stays_down_ends_the_cycle_partial_and_the_outbox_resumes_without_duplicates() {
        h.customer(1, "a@example.com", true, "B2C");
        sandbox.faults().respondWith("POST", "/lists/" + h.list, 503, 100);

        CycleReport down = h.sync();

        assertThat(down.outcome()).isEqualTo(CycleOutcome.PARTIAL);
        assertThat(down.get("operations still pending")).isPositive();
        assertThat(h.status("a@example.com")).isEqualTo("absent");

        sandbox.faults().clear();
        CycleReport up = h.sync();

        assertThat(up.outcome()).isEqualTo(CycleOutcome.DONE);
        assertThat(up.get("new members")).as("nothing planned twice: the outbox carried it").isZero();
        assertThat(h.status("a@example.com")).isEqualTo("subscribed");
        assertThat(sandbox.members(h.list)).hasSize(1);
    }

    @Test
    void a_tool_that_is_down_while_events_are_pulled_ends_the_cycle_partial_and_loses_nothing() {
        h.customer(1, "a@example.com", true, "B2C");
        h.sync();
        sandbox.unsubscribe(h.list, "a@example.com", "manual");
        sandbox.faults().respondWith("GET", "/lists/" + h.list + "/members", 503, 100);

        CycleReport down = h.sync();

        assertThat(down.outcome()).isEqualTo(CycleOutcome.PARTIAL);
        assertThat(h.newsletter(1)).isTrue();
        sandbox.faults().clear();
        assertThat(h.sync().outcome()).isEqualTo(CycleOutcome.DONE);
        assertThat(h.newsletter(1)).as("the opt-out was pulled on the next run").isFalse();
    }

    @Test
    void a_rate_limit_with_retry_after_is_waited_out_within_the_cycle() {
        h.customer(1, "a@example.com", true, "B2C");
        sandbox.faults().tooManyRequests("POST", "/lists/" + h.list, Duration.ofMillis(100), 1);
        sandbox.faults().respondWith("POST", "/lists/" + h.list, 502, 1);

        CycleReport report = h.sync();

        assertThat(report.outcome()).isEqualTo(CycleOutcome.DONE);
        assertThat(h.status("a@example.com")).isEqualTo("subscribed");
    }

    @Test
    void an_unreachable_crm_fails_the_cycle_with_the_reason_and_changes_nothing() {
        h.customer(1, "a@example.com", true, "B2C");
        h.sync();
        h.crm.close();

        CycleReport report = h.sync();

        assertThat(report.outcome()).isEqualTo(CycleOutcome.FAILED);
        assertThat(report.messages()).singleElement().asString().isNotBlank();
        assertThat(h.status("a@example.com")).isEqualTo("subscribed");
    }
}
