package dev.listbridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.spi.RetriableException;
import org.junit.jupiter.api.Test;

/** The pull reads the tool's next page of events while it applies one, all pages in one transaction. */
class EventPagesTest extends FakeEngineFixture {
    private static final int CONTACTS = 30;

    /** Every contact subscribed, then every recipient unsubscribed in the tool; events come 7 to a page. */
    private SyncEngine everyoneOptedOut() {
        SyncEngine engine = everyoneOptedOut(CONTACTS);
        tool.eventPageSize = 7;
        tool.eventReadThreads.clear();
        return engine;
    }

    @Test
    void events_over_several_pages_are_all_applied_each_page_read_on_a_thread_of_its_own() {
        SyncEngine engine = everyoneOptedOut();

        CycleReport report = engine.sync(false);

        assertThat(report.outcome()).isEqualTo(CycleOutcome.DONE);
        assertThat(report.get("opt-outs")).isEqualTo(CONTACTS);
        assertThat(crm.writeBacks).hasSize(CONTACTS);
        assertThat(tool.eventReadThreads).hasSize(5).allMatch(name -> name.equals("listbridge-events-newsletter"));
    }

    @Test
    void a_page_that_cannot_be_read_leaves_the_pages_before_it_unapplied_until_the_next_cycle() {
        SyncEngine engine = everyoneOptedOut();
        tool.failingPageStart = 14; // the third page
        tool.failingRead = new RetriableException("503 from the tool", null);

        CycleReport failed = engine.sync(false);
        tool.failingPageStart = null;
        CycleReport next = engine.sync(false);

        assertThat(failed.outcome()).isEqualTo(CycleOutcome.PARTIAL);
        assertThat(failed.messages()).anySatisfy(message -> assertThat(message).contains("503 from the tool"));
        assertThat(tool.eventReadThreads).as("the third page tried twice, no read after it").hasSize(4 + 5);
        assertThat(next.get("opt-outs")).isEqualTo(CONTACTS); // the first two pages' were rolled back with the pull
        assertThat(crm.writeBacks).hasSize(CONTACTS);
    }
}
