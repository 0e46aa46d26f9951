package dev.listbridge.daemon;

import dev.listbridge.crm.jdbc.capture.ChangeFeed;
import dev.listbridge.engine.SyncEngine;
import dev.listbridge.engine.config.AudienceConfig;
import dev.listbridge.engine.config.ListbridgeConfig;
import dev.listbridge.spi.CrmSource;
import dev.listbridge.spi.ToolConnector;
import dev.listbridge.store.StateStore;

/** What the daemon runs on, built from the config by the caller (the CLI's wiring, or a test). */
public interface DaemonRuntime {
    ListbridgeConfig config();

    StateStore store();

    CrmSource crm();

    ToolConnector tool(String name);

    SyncEngine engine(AudienceConfig audience);

    /** A new feed of changed CRM keys in {@code queue} and {@code watermark} capture; null in {@code diff} mode. */
    ChangeFeed changeFeed();
}
