package dev.listbridge.engine.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Turns the YAML node tree of a config file into records, reporting every problem. */
final class ConfigBinder {
    static final List<String> TOP_KEYS = List.of("state", "crm", "tools", "audiences", "server", "retry",
            "retention");
    static final List<String> CRM_KEYS = List.of("url", "user", "password", "timeZone", "capture", "contacts",
            "writeBack", "fetchSize", "pollInterval");
    static final List<String> CONTACTS_KEYS = List.of("query", "key", "email", "consent", "consentAt", "table",
            "updatedAt");
    static final List<String> SERVER_KEYS = List.of("listen", "publicUrl", "adminToken");
    static final List<String> RETRY_KEYS = List.of("maxAttempts", "initialDelay", "maxDelay", "requestTimeout");
    /** Tool and audience names appear in webhook paths and the state store. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern LISTEN = Pattern.compile("(.+):([0-9]{1,5})");

    private final Problems problems;
    private final Env env;
    private final Path folder;
    private final Path file;
    /** crm.contacts.table was given but is no table name (reported once, not again as missing). */
    private boolean invalidTable;

    /** @param file the config file, absolute; relative paths are resolved against its folder */
    ConfigBinder(Problems problems, Env env, Path file) {
        this.problems = problems;
        this.env = env;
        this.file = file;
        this.folder = file.getParent();
    }

    /** The config, or null when anything is wrong (then the problems say what). */
    ListbridgeConfig bind(Node document) {
        if (!(document instanceof MappingNode mapping)) {
            problems.add(document, null, "expected a mapping with the keys " + String.join(", ", TOP_KEYS) + ", was "
                    + Section.kind(document));
            return null;
        }
        Section root = new Section("", document, mapping, problems, env);
        root.allowOnly(TOP_KEYS);
        String state = jdbcUrl(root, "state");
        if (state != null && !state.startsWith("jdbc:sqlite:") && !state.startsWith("jdbc:postgresql:")) {
            root.invalid("state", "the state store is an SQLite file (jdbc:sqlite:FILE) or PostgreSQL "
                    + "(jdbc:postgresql://HOST/DB)"); // the value is not shown: the URL may hold a password
        }
        CrmConfig crm = crm(root.requiredSection("crm", "the CRM database (url, contacts, …)"));
        Section toolSection = root.requiredSection("tools",
                "the tool connections, e.g. mailchimp: { type: mailchimp, apiKey: ${MAILCHIMP_API_KEY} }");
        Map<String, ToolConfig> tools = tools(toolSection);
        Map<String, AudienceConfig> audiences = new AudienceBinder(problems, crm).audiences(
                root.requiredSection("audiences", "the audiences, each a list in a tool fed from the CRM"),
                toolSection == null ? null : toolSection.keys());
        ServerConfig server = server(root.section("server"));
        RetryConfig retry = retry(root.section("retry"));
        Duration retention = root.duration("retention");
        if (retention != null && retention.compareTo(ListbridgeConfig.MIN_RETENTION) < 0) {
            root.invalid("retention", "expected at least " + Durations.format(ListbridgeConfig.MIN_RETENTION)
                    + ": applied event ids must outlive the pull's overlap, webhook redeliveries and inbox replays; was '"
                    + Durations.format(retention) + "'");
            retention = null;
        }
        if (!problems.isEmpty() || crm == null || tools == null || audiences == null) {
            return null;
        }
        return new ListbridgeConfig(file, state == null ? JdbcUrls.resolve(ListbridgeConfig.DEFAULT_STATE_URL, folder)
                : state, crm, tools, audiences, server, retry, retention);
    }

    /** A JDBC URL with a relative SQLite or H2 path resolved; null when absent or wrong. */
    private String jdbcUrl(Section section, String key) {
        String url = section.string(key);
        if (url == null) {
            return null;
        }
        if (!url.startsWith("jdbc:")) {
            section.invalid(key, "expected a JDBC URL like jdbc:postgresql://host:5432/db or jdbc:sqlite:./data/file.db"
                    + Problems.was(section.child(key), url));
            return null;
        }
        return JdbcUrls.resolve(url, folder);
    }

    private CrmConfig crm(Section crm) {
        if (crm == null) {
            return null;
        }
        crm.allowOnly(CRM_KEYS);
        String url = crm.has("url") ? jdbcUrl(crm, "url")
                : crm.required("url", "the CRM's JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/crm");
        String user = crm.string("user");
        String password = crm.string("password");
        ZoneId zone = zone(crm);
        String capture = crm.string("capture");
        if (capture != null && !CrmConfig.CAPTURE_MODES.contains(capture)) {
            crm.invalid("capture", "expected one of " + String.join(", ", CrmConfig.CAPTURE_MODES) + "; was '" + capture
                    + "'");
            capture = null;
        }
        Integer fetchSize = crm.integer("fetchSize", 1);
        ContactsConfig contacts = contacts(crm.requiredSection("contacts",
                "how contacts are read (query, key, email, consent)"));
        if ("watermark".equals(capture) && contacts != null && contacts.updatedAt() == null) {
            crm.invalid("capture", "watermark capture needs crm.contacts.updatedAt, the column holding when a row changed");
        }
        if (("watermark".equals(capture) || "queue".equals(capture)) && contacts != null && contacts.captureTable() == null
                && !invalidTable) {
            crm.invalid("capture", capture + " capture needs crm.contacts.table, the table whose rows carry the key "
                    + "(it cannot be told from a query that joins tables or has subqueries)");
        }
        Duration pollInterval = crm.duration("pollInterval");
        Map<String, String> writeBack = writeBack(crm);
        if (url == null || contacts == null) {
            return null;
        }
        return new CrmConfig(url, user, password, zone, capture, contacts, writeBack,
                fetchSize == null ? CrmConfig.DEFAULT_FETCH_SIZE : fetchSize, pollInterval);
    }

    private ZoneId zone(Section crm) {
        String text = crm.string("timeZone");
        if (text == null) {
            return null;
        }
        try {
            return ZoneId.of(text.strip());
        } catch (DateTimeException e) {
            crm.invalid("timeZone", "expected a time zone like UTC, Europe/Berlin or +01:00; was '" + text + "'");
            return null;
        }
    }

    private ContactsConfig contacts(Section contacts) {
        if (contacts == null) {
            return null;
        }
        contacts.allowOnly(CONTACTS_KEYS);
        String query = contacts.required("query", "a SELECT returning one row per contact");
        String key = contacts.required("key", "the column holding the CRM key");
        String email = contacts.required("email", "the column holding the email address");
        String consent = contacts.required("consent", "the column holding the newsletter permission");
        String consentAt = contacts.string("consentAt");
        String table = contacts.string("table");
        if (table != null && !SingleTableQuery.TABLE_NAME.matcher(table.strip()).matches()) {
            contacts.invalid("table", "expected a table name like customers or crm.customers; was '" + table + "'");
            invalidTable = true;
            table = null;
        }
        table = table == null ? null : table.strip();
        String updatedAt = contacts.string("updatedAt");
        if (query == null || key == null || email == null || consent == null) {
            return null;
        }
        return new ContactsConfig(query, key, email, consent, consentAt, table, updatedAt);
    }

    /** The write-back statements of a section ({@code crm} or an audience); empty when absent. */
    static Map<String, String> writeBack(Section parent) {
        Section section = parent.section("writeBack");
        if (section == null) {
            return Map.of();
        }
        section.allowOnly(CrmConfig.WRITE_BACK_STATEMENTS);
        Map<String, String> statements = new LinkedHashMap<>();
        for (String name : section.keys()) {
            String sql = section.string(name);
            if (sql != null && CrmConfig.WRITE_BACK_STATEMENTS.contains(name)) {
                statements.put(name, sql);
            }
        }
        return statements;
    }

    private Map<String, ToolConfig> tools(Section tools) {
        if (tools == null) {
            return null;
        }
        Map<String, ToolConfig> result = new LinkedHashMap<>();
        if (tools.keys().isEmpty()) {
            tools.report("expected at least one tool, e.g. mailchimp: { type: mailchimp, apiKey: ${MAILCHIMP_API_KEY} }");
        }
        for (String name : tools.keys()) {
            Section tool = tools.section(name);
            if (!NAME.matcher(name).matches()) {
                problems.add(tools.entry(name).key(), tools.child(name),
                        "a tool name may hold only letters, digits, '-' and '_' (it appears in webhook URLs)");
            }
            if (tool == null) {
                if (!tools.has(name)) {
                    tools.missing(name, "a mapping with the tool's type and settings");
                }
                continue;
            }
            String type = tool.required("type", "the connector type, e.g. mailchimp");
            Map<String, String> settings = new LinkedHashMap<>();
            Set<String> secrets = new LinkedHashSet<>();
            for (String key : tool.keys()) {
                String value = tool.string(key);
                if (value != null) {
                    settings.put(key, value);
                }
                if (Secrets.isSecretToolKey(key)) {
                    secrets.add(key);
                }
            }
            if (type != null) {
                result.put(name, new ToolConfig(name, type, settings, secrets));
            }
        }
        return result;
    }

    private ServerConfig server(Section server) {
        if (server == null) {
            return ServerConfig.defaults();
        }
        server.allowOnly(SERVER_KEYS);
        String listen = server.string("listen");
        if (listen != null) {
            var matcher = LISTEN.matcher(listen.strip());
            if (!matcher.matches() || Integer.parseInt(matcher.group(2)) > 65535) {
                server.invalid("listen", "expected host:port like 127.0.0.1:8787 or 0.0.0.0:8787; was '" + listen + "'");
            }
        }
        String publicUrl = server.string("publicUrl");
        if (publicUrl != null) {
            publicUrl = publicUrl.strip().replaceAll("/+$", "");
            if (!isHttpUrl(publicUrl)) {
                server.invalid("publicUrl", "expected an http or https URL like https://sync.example.com; was '"
                        + publicUrl + "'");
            }
        }
        String adminToken = server.string("adminToken");
        if (adminToken != null && adminToken.isBlank()) {
            server.invalid("adminToken", "must not be empty");
        }
        return new ServerConfig(listen == null ? null : listen.strip(), publicUrl, adminToken);
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private RetryConfig retry(Section retry) {
        if (retry == null) {
            return RetryConfig.defaults();
        }
        retry.allowOnly(RETRY_KEYS);
        Integer maxAttempts = retry.integer("maxAttempts", 1);
        Duration initialDelay = retry.duration("initialDelay");
        Duration maxDelay = retry.duration("maxDelay");
        Duration requestTimeout = retry.duration("requestTimeout");
        Duration initial = initialDelay == null ? RetryConfig.DEFAULT_INITIAL_DELAY : initialDelay;
        Duration max = maxDelay == null ? RetryConfig.DEFAULT_MAX_DELAY : maxDelay;
        if (max.compareTo(initial) < 0 && (retry.has("maxDelay") || retry.has("initialDelay"))) {
            String key = retry.has("maxDelay") ? "maxDelay" : "initialDelay";
            retry.invalid(key, "retry.maxDelay (" + Durations.format(max) + ") must not be shorter than retry.initialDelay ("
                    + Durations.format(initial) + ")");
        }
        return new RetryConfig(maxAttempts == null ? RetryConfig.DEFAULT_MAX_ATTEMPTS : maxAttempts, initial, max,
                requestTimeout == null ? RetryConfig.DEFAULT_REQUEST_TIMEOUT : requestTimeout);
    }
}
