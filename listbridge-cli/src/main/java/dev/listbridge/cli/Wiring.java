package dev.listbridge.cli;

import dev.listbridge.crm.jdbc.CrmSettings;
import dev.listbridge.crm.jdbc.JdbcCrmSource;
import dev.listbridge.crm.jdbc.capture.CaptureMode;
import dev.listbridge.crm.jdbc.capture.CaptureSettings;
import dev.listbridge.engine.Progress;
import dev.listbridge.engine.SyncEngine;
import dev.listbridge.engine.config.AudienceConfig;
import dev.listbridge.engine.config.ListbridgeConfig;
import dev.listbridge.engine.config.ToolConfig;
import dev.listbridge.spi.ConfigProblem;
import dev.listbridge.spi.ConnectorContext;
import dev.listbridge.spi.InvalidConfigException;
import dev.listbridge.spi.ToolConnector;
import dev.listbridge.spi.ToolConnectorProvider;
import dev.listbridge.store.StateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Builds the state store, the CRM source and the tool connectors from a loaded config. */
final class Wiring implements AutoCloseable {
    private final ListbridgeConfig config;
    private final Clock clock;
    private StateStore store;
    private JdbcCrmSource crm;
    private final Map<String, ToolConnector> tools = new LinkedHashMap<>();

    Wiring(ListbridgeConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    ListbridgeConfig config() {
        return config;
    }

    synchronized StateStore store() {
        if (store == null) {
            store = StateStore.open(config.stateUrl());
        }
        return store;
    }

    synchronized JdbcCrmSource crm() {
        if (crm == null) {
            crm = new JdbcCrmSource(crmSettings());
        }
        return crm;
    }

    /** How to reach and read the CRM, for the contact reader and change capture alike. */
    CrmSettings crmSettings() {
        var c = config.crm();
        var contacts = c.contacts();
        return new CrmSettings(c.url(), c.user(), c.password(), c.timeZone(), contacts.query(),
                contacts.key(), contacts.email(), contacts.consent(), contacts.consentAt(), c.fetchSize());
    }

    /** The change capture settings: open a feed with {@code ChangeFeeds.open(crmSettings(), captureSettings())}. */
    CaptureSettings captureSettings() {
        var c = config.crm();
        return new CaptureSettings(CaptureMode.of(c.capture()), c.contacts().captureTable(), c.contacts().updatedAt(),
                c.pollInterval());
    }

    synchronized ToolConnector tool(String name) {
        ToolConnector existing = tools.get(name);
        if (existing != null) {
            return existing;
        }
        ToolConfig toolConfig = config.tools().get(name);
        ToolConnectorProvider provider = provider(toolConfig.type());
        List<ConfigProblem> problems = provider.validate(toolConfig.settings());
        if (!problems.isEmpty()) {
            List<ConfigProblem> prefixed = new ArrayList<>();
            for (ConfigProblem problem : problems) {
                prefixed.add(new ConfigProblem("tools." + name + "." + problem.key(), problem.message()));
            }
            throw new InvalidConfigException(prefixed);
        }
        ToolConnector connector = provider.create(new ConnectorContext(name, toolConfig.settings(), clock,
                config.retry().requestTimeout()));
        tools.put(name, connector);
        return connector;
    }

    static ToolConnectorProvider provider(String type) {
        List<String> known = new ArrayList<>();
        for (ToolConnectorProvider provider : ServiceLoader.load(ToolConnectorProvider.class)) {
            if (provider.type().equals(type)) {
                return provider;
            }
            known.add(provider.type());
        }
        throw new InvalidConfigException("type", "no connector of type '" + type + "' on the class path; known types: "
                + String.join(", ", known));
    }

    Clock clock() {
        return clock;
    }

    SyncEngine engine(AudienceConfig audience, Progress progress) {
        Map<String, String> writeBack = config.crm().writeBack() == null ? Map.of() : config.crm().writeBack();
        return new SyncEngine(store(), crm(), tool(audience.tool()), audience.tool(), audience, writeBack, config.retry(),
                config.retention(), clock, progress);
    }

    @Override
    public void close() {
        tools.values().forEach(ToolConnector::close);
        if (crm != null) {
            crm.close();
        }
        if (store != null) {
            store.close();
        }
    }
}
