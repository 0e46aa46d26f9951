package dev.listbridge.bench;

import dev.listbridge.crm.jdbc.CrmSettings;
import dev.listbridge.crm.jdbc.JdbcCrmSource;
import dev.listbridge.engine.Progress;
import dev.listbridge.engine.SyncEngine;
import dev.listbridge.engine.config.AudienceConfig;
import dev.listbridge.engine.config.ListbridgeConfig;
import dev.listbridge.engine.config.ToolConfig;
import dev.listbridge.spi.ConnectorContext;
import dev.listbridge.spi.ToolConnector;
import dev.listbridge.spi.ToolConnectorProvider;
import dev.listbridge.store.StateStore;
import java.time.Clock;
import java.util.Map;
import java.util.ServiceLoader;

/** The state store, CRM source, connector and engine for the benchmark's one audience, as {@code listbridge sync} builds them. */
final class BenchWiring implements AutoCloseable {
    private final StateStore store;
    private final JdbcCrmSource crm;
    private final ToolConnector tool;
    private final SyncEngine engine;

    BenchWiring(ListbridgeConfig config, Progress progress) {
        Clock clock = Clock.systemUTC();
        AudienceConfig audience = config.audiences().get(BenchConfig.AUDIENCE);
        var crmConfig = config.crm();
        var contacts = crmConfig.contacts();
        this.store = StateStore.open(config.stateUrl());
        this.crm = new JdbcCrmSource(new CrmSettings(crmConfig.url(), crmConfig.user(), crmConfig.password(),
                crmConfig.timeZone(), contacts.query(), contacts.key(), contacts.email(), contacts.consent(),
                contacts.consentAt(), crmConfig.fetchSize()));
        ToolConfig toolConfig = config.tools().get(audience.tool());
        this.tool = provider(toolConfig.type()).create(new ConnectorContext(audience.tool(), toolConfig.settings(), clock,
                config.retry().requestTimeout()));
        Map<String, String> writeBack = crmConfig.writeBack();
        this.engine = new SyncEngine(store, crm, tool, audience.tool(), audience, writeBack, config.retry(),
                config.retention(), clock, progress);
    }

    SyncEngine engine() {
        return engine;
    }

    StateStore store() {
        return store;
    }

    private static ToolConnectorProvider provider(String type) {
        for (ToolConnectorProvider provider : ServiceLoader.load(ToolConnectorProvider.class)) {
            if (provider.type().equals(type)) {
                return provider;
            }
        }
        throw new IllegalStateException("no connector of type '" + type + "' on the class path");
    }

    @Override
    public void close() {
        tool.close();
        crm.close();
        store.close();
    }
}
