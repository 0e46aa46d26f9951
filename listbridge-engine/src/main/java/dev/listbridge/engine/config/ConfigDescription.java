package dev.listbridge.engine.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Writes a config as YAML-like text with every secret masked. */
final class ConfigDescription {
    private final StringBuilder out = new StringBuilder();

    private ConfigDescription() {
    }

    static String of(ListbridgeConfig config) {
        ConfigDescription d = new ConfigDescription();
        d.line(0, "# " + config.file());
        d.line(0, "state", Secrets.maskUrl(config.stateUrl()));
        CrmConfig crm = config.crm();
        d.line(0, "crm:");
        d.line(1, "url", Secrets.maskUrl(crm.url()));
        d.line(1, "user", crm.user());
        d.line(1, "password", Secrets.mask(crm.password()));
        d.line(1, "timeZone", crm.timeZone().getId());
        d.line(1, "capture", crm.capture());
        d.line(1, "fetchSize", Integer.toString(crm.fetchSize()));
        ContactsConfig contacts = crm.contacts();
        d.line(1, "contacts:");
        d.line(2, "query", contacts.query());
        d.line(2, "key", contacts.key());
        d.line(2, "email", contacts.email());
        d.line(2, "consent", contacts.consent());
        d.line(2, "consentAt", contacts.consentAt());
        d.line(2, "table", contacts.table());
        d.line(2, "updatedAt", contacts.updatedAt());
        d.map(1, "writeBack", crm.writeBack());
        d.line(0, "tools:");
        for (ToolConfig tool : config.tools().values()) {
            d.line(1, tool.name() + ":");
            tool.maskedSettings().forEach((key, value) -> d.line(2, key, value));
        }
        d.line(0, "audiences:");
        for (AudienceConfig audience : config.audiences().values()) {
            d.audience(audience, contacts.consent());
        }
        ServerConfig server = config.server();
        d.line(0, "server:");
        d.line(1, "listen", server.listen());
        d.line(1, "publicUrl", server.publicUrl());
        d.line(1, "adminToken", Secrets.mask(server.adminToken()));
        RetryConfig retry = config.retry();
        d.line(0, "retry:");
        d.line(1, "maxAttempts", Integer.toString(retry.maxAttempts()));
        d.line(1, "initialDelay", Durations.format(retry.initialDelay()));
        d.line(1, "maxDelay", Durations.format(retry.maxDelay()));
        d.line(1, "requestTimeout", Durations.format(retry.requestTimeout()));
        d.line(0, "retention", Durations.format(config.retention()));
        return d.out.toString();
    }

    private void audience(AudienceConfig audience, String defaultConsent) {
        line(1, audience.name() + ":");
        line(2, "tool", audience.tool());
        line(2, "list", audience.list());
        line(2, "filter", audience.filter());
        line(2, "consent", audience.consent() != null ? audience.consent() : defaultConsent);
        map(2, "fields", audience.fields());
        line(2, "tags", audience.tags().isEmpty() ? null : list(audience.tags()));
        line(2, "keyField", audience.keyField());
        line(2, "addressChange", Spelling.of(audience.addressChange()));
        line(2, "newMembers", Spelling.of(audience.newMembers()));
        line(2, "onLeave", Spelling.of(audience.onLeave()));
        line(2, "inbound", Spelling.of(audience.inbound()));
        line(2, "sharedAddress", Spelling.of(audience.sharedAddress()));
        line(2, "blastRadius", audience.blastRadius().toString());
        line(2, "pendingTimeout", format(audience.pendingTimeout()));
        map(2, "writeBack", audience.writeBack());
        line(2, "webhookSecret", Secrets.mask(audience.webhookSecret()));
        line(2, "signingSecret", Secrets.mask(audience.signingSecret()));
    }

    private static String list(List<String> items) {
        return "[" + String.join(", ", items) + "]";
    }

    private static String format(Duration duration) {
        return Durations.format(duration);
    }

    private void map(int depth, String key, Map<String, String> map) {
        if (!map.isEmpty()) {
            line(depth, key + ":");
            map.forEach((name, value) -> line(depth + 1, name, value));
        }
    }

    /** A key and its value; keys without a value are left out. */
    private void line(int depth, String key, String value) {
        if (value != null) {
            line(depth, key + ": " + value);
        }
    }

    private void line(int depth, String text) {
        out.append("  ".repeat(depth)).append(text).append('\n');
    }
}
