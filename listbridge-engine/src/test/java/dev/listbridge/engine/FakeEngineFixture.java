package dev.listbridge.engine;

import dev.listbridge.engine.config.ConfigLoader;
import dev.listbridge.engine.config.ListbridgeConfig;
import dev.listbridge.store.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the engine tests on the in-memory CRM and tool fakes share: the fakes, a real SQLite state store in a
 * temporary folder (opened by the first engine and kept, so later engines of a test see the same state), and an
 * engine for the audience {@code newsletter} wired from a config text as {@code listbridge sync} would be.
 */
abstract class FakeEngineFixture {
    @TempDir
    Path dir;
    final FakeCrm crm = new FakeCrm();
    final FakeTool tool = new FakeTool();
    /** The engine's clock, for the engines made after it is set. */
    Clock clock = Clock.systemUTC();
    StateStore store;

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /**
     * A config of the fake CRM and tool, ending in the settings of the audience {@code newsletter} (to which
     * {@link #withAudienceLines} or further lines add): the write-back statement {@code unsubscribed} and
     * {@code moreWriteBacks} (lines such as {@code "signup: INSERT ..."}).
     */
    static String fakeConfig(String... moreWriteBacks) {
        StringBuilder yaml = new StringBuilder("""
                crm:
                  url: jdbc:h2:mem:unused
                  contacts: {query: SELECT 1, key: id, email: email, consent: newsletter}
                  writeBack:
                    unsubscribed: UPDATE c SET n = FALSE WHERE id = :key
                """);
        for (String line : moreWriteBacks) {
            yaml.append("    ").append(line).append('\n');
        }
        return yaml.append("""
                tools:
                  fake: {type: fake}
                audiences:
                  newsletter:
                    tool: fake
                    list: L1
                """).toString();
    }

    /** An engine from {@code yaml}, a whole config whose audience {@code newsletter} uses the tool {@code fake}. */
    SyncEngine engineFrom(String yaml) {
        try {
            Path file = dir.resolve("listbridge.yml");
            Files.writeString(file, yaml);
            ListbridgeConfig config = ConfigLoader.load(file, Map.of());
            if (store == null) {
                store = StateStore.open(config.stateUrl());
            }
            return new SyncEngine(store, crm, tool, "fake", config.audiences().get("newsletter"), config.crm().writeBack(),
                    config.retry(), config.retention(), clock, Progress.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An engine with quick retries (two attempts, 10 to 20 ms apart) and {@code contacts} consenting contacts in the
     * CRM: keys 1 to {@code contacts}, addresses {@code r1@example.com} and so on, segment B2C; {@code audienceLines} as
     * in {@link #withAudienceLines}.
     */
    SyncEngine engineWithContacts(int contacts, String... audienceLines) {
        SyncEngine engine = engineFrom(withAudienceLines(fakeConfig(), audienceLines) + """
                retry: {maxAttempts: 2, initialDelay: 10ms, maxDelay: 20ms}
                """);
        putContacts(contacts);
        return engine;
    }

    /** Consenting contacts in the CRM: keys 1 to {@code contacts}, addresses {@code r1@example.com} and so on, segment B2C. */
    void putContacts(int contacts) {
        for (int key = 1; key <= contacts; key++) {
            crm.put(String.valueOf(key), "r" + key + "@example.com", true, Instant.parse("2025-01-01T00:00:00Z"), "B2C");
        }
    }

    /** {@link #engineWithContacts} after a first sync, and then every recipient unsubscribed in the tool. */
    SyncEngine everyoneOptedOut(int contacts) {
        SyncEngine engine = engineWithContacts(contacts);
        engine.sync(false);
        for (int key = 1; key <= contacts; key++) {
            tool.recipientUnsubscribes("r" + key + "@example.com");
        }
        return engine;
    }

    /**
     * {@code base}, a config ending in the audience's settings, with {@code audienceLines} added to them, and
     * {@code blastRadius: 100%} unless they set one (the tests' cycles change most of their few contacts).
     */
    static String withAudienceLines(String base, String... audienceLines) {
        StringBuilder yaml = new StringBuilder(base);
        for (String line : audienceLines) {
            yaml.append("    ").append(line).append('\n');
        }
        if (!yaml.toString().contains("blastRadius")) {
            yaml.append("    blastRadius: 100%\n");
        }
        return yaml.toString();
    }
}
