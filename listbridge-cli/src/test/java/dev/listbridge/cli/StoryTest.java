package dev.listbridge.cli;

import dev.listbridge.sandbox.MailchimpSandbox;
import dev.listbridge.testing.TestDatabase;
import dev.listbridge.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the end-to-end tests: one sandbox per class, and per test a fresh CRM database (PostgreSQL
 * unless a subclass chooses another), a fresh audience and a fresh state store.
 */
abstract class StoryTest {
    static MailchimpSandbox sandbox;
    TestDatabase crm;
    StoryHarness h;

    TestDatabase database() {
        return TestDatabases.postgres();
    }

    @BeforeAll
    static void startSandbox() {
        sandbox = MailchimpSandbox.start(0);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void createFixtures(@TempDir Path dir) {
        crm = database();
        h = new StoryHarness(crm, sandbox, dir);
    }

    @AfterEach
    void dropFixtures() {
        sandbox.faults().clear();
        h.close();
        crm.close();
    }
}
