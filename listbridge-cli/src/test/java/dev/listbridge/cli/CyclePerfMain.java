package dev.listbridge.cli;

import dev.listbridge.engine.CycleReport;
import dev.listbridge.engine.Progress;
import dev.listbridge.engine.SyncEngine;
import dev.listbridge.engine.config.ConfigLoader;
import dev.listbridge.engine.config.ListbridgeConfig;
import java.io.IOException;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;

/**
 * A developer's measuring harness for the sync engine (not a test, not the benchmark runner): a
 * PostgreSQL CRM with generated customers, a Mailchimp sandbox running in its own process, the
 * default SQLite state store. Each invocation runs one step, so the expensive initial push is done
 * once and steady or change cycles can be repeated against it:
 *
 * <pre>
 * java -cp ... dev.listbridge.cli.CyclePerfMain DIR SANDBOX_PORT crm N      # (re)create the CRM table
 * java -cp ... dev.listbridge.cli.CyclePerfMain DIR SANDBOX_PORT scan       # raw JDBC scan, 3 times
 * java -cp ... dev.listbridge.cli.CyclePerfMain DIR SANDBOX_PORT list       # a fresh audience, fresh state
 * java -cp ... dev.listbridge.cli.CyclePerfMain DIR SANDBOX_PORT sync [K]   # K cycles (default 1)
 * java -cp ... dev.listbridge.cli.CyclePerfMain DIR SANDBOX_PORT change R   # 1 % change (ids = R mod 100), one cycle
 * java -cp ... dev.listbridge.cli.CyclePerfMain DIR SANDBOX_PORT events E   # E recipient events, one cycle
 * </pre>
 * The sandbox: {@code java -Xmx6g -cp ... dev.listbridge.sandbox.MailchimpSandboxMain --port PORT}.
 */
public final class CyclePerfMain {
    static final String CRM_URL = "jdbc:postgresql://127.0.0.1:5432/lb_perf";
    private static final String[] FIRST = {"anna", "ben", "clara", "david", "emma", "felix", "greta", "hannah", "ida",
        "jonas", "karl", "lena", "mia", "noah", "olga", "paul"};
    private static final String[] LAST = {"schmidt", "meyer", "weber", "wagner", "becker", "hoffmann", "koch", "richter",
        "klein", "wolf", "braun", "lange"};
    private static final String[] DOMAINS = {"example.com", "example.org", "mail.example", "post.example", "bücher.example"};

    private final Path dir;
    private final int sandboxPort;
    private final HttpClient http = HttpClient.newHttpClient();

    private CyclePerfMain(Path dir, int sandboxPort) {
        this.dir = dir;
        this.sandboxPort = sandboxPort;
    }

    public static void main(String[] args) throws Exception {
        CyclePerfMain main = new CyclePerfMain(Path.of(args[0]), Integer.parseInt(args[1]));
        String step = args[2];
        switch (step) {
            case "crm" -> main.crm(Integer.parseInt(args[3]));
            case "scan" -> main.scan();
            case "list" -> main.list();
            case "sync" -> main.cycles("sync", args.length > 3 ? Integer.parseInt(args[3]) : 1);
            case "steady" -> main.steady(args.length > 3 ? Integer.parseInt(args[3]) : 3);
            case "parts" -> main.parts(args.length > 3 ? Integer.parseInt(args[3]) : 3);
            case "change" -> {
                main.change(Integer.parseInt(args[3]));
                main.cycles("change", 1);
            }
            case "events" -> {
                main.events(Integer.parseInt(args[3]));
                main.cycles("events", 1);
            }
            default -> throw new IllegalArgumentException("unknown step " + step);
        }
    }

    /** The generated address of a customer; deterministic, so later steps can find members again. */
    static String email(int id) {
        if (id % 50 == 7) {
            return FIRST[id % FIRST.length] + " at example.com"; // 2 %: typed wrongly
        }
        if (id % 100 == 11 || id % 100 == 12) {
            return "info@firm" + (id / 100) + ".example"; // 2 %: two customers share an address
        }
        return FIRST[id % FIRST.length] + "." + LAST[(id / 7) % LAST.length] + id + "@" + DOMAINS[(id / 3) % DOMAINS.length];
    }

    static boolean consent(int id) {
        return (id * 2654435761L >>> 7) % 10 < 8;
    }

    private Connection crmConnection() throws SQLException {
        return DriverManager.getConnection(CRM_URL, "postgres", "");
    }

    private void crm(int n) throws Exception {
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS lb_perf");
            s.execute("CREATE DATABASE lb_perf");
        }
        long started = System.nanoTime();
        try (Connection c = crmConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(320), newsletter BOOLEAN NOT NULL, "
                    + "consent_at TIMESTAMP NULL, first_name VARCHAR(100), last_name VARCHAR(100), segment VARCHAR(20), "
                    + "email_invalid BOOLEAN DEFAULT FALSE NOT NULL)");
            StringBuilder csv = new StringBuilder();
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (int id = 1; id <= n; id++) {
                boolean consent = consent(id);
                csv.append(id).append('\t').append(email(id)).append('\t').append(consent).append('\t')
                        .append(consent ? "2025-01-01 09:00:00" : "\\N").append('\t')
                        .append(Character.toUpperCase(FIRST[id % FIRST.length].charAt(0))).append(FIRST[id % FIRST.length].substring(1))
                        .append('\t').append("Last").append(id % 997).append('\t').append(id % 3 == 0 ? "B2B" : "B2C").append('\n');
                if (id % 100_000 == 0 || id == n) {
                    copy.copyIn("COPY customers (id, email, newsletter, consent_at, first_name, last_name, segment) FROM STDIN",
                            new StringReader(csv.toString()));
                    csv.setLength(0);
                }
            }
            s.execute("VACUUM ANALYZE customers");
        }
        System.out.printf("crm: %d customers in %.1f s%n", n, seconds(started));
    }

    /** Scans and cycles in turn, so that both are measured under the same load of the machine. */
    private void steady(int rounds) throws Exception {
        for (int round = 0; round < rounds; round++) {
            scanOnce();
            cycles("steady", 1);
        }
        scanOnce();
    }

    /** The parts of a steady diff one by one: raw scan, the CRM source's read, the read with the index lookups. */
    private void parts(int rounds) throws Exception {
        ListbridgeConfig config = ConfigLoader.load(dir.resolve("listbridge.yml"), Map.of());
        try (Wiring wiring = new Wiring(config, Clock.systemUTC())) {
            var selection = new dev.listbridge.spi.ContactSelection(null, null);
            var index = wiring.store().inTransaction(tx -> tx.snapshots().index("newsletter"));
            for (int round = 0; round < rounds; round++) {
                scanOnce();
                long started = System.nanoTime();
                double cpu = cpuSeconds();
                long[] count = {0};
                wiring.crm().readContacts(selection, contact -> count[0]++);
                System.out.printf("crm source: %d in %.2f s (cpu %.2f s)%n", count[0], seconds(started), cpuSeconds() - cpu);
                started = System.nanoTime();
                cpu = cpuSeconds();
                long[] found = {0};
                wiring.crm().readContacts(selection, contact -> {
                    if (index.find(dev.listbridge.store.Hash64.of(contact.key())) >= 0) {
                        found[0]++;
                    }
                });
                System.out.printf("crm source + index: %d found in %.2f s (cpu %.2f s)%n", found[0], seconds(started),
                        cpuSeconds() - cpu);
            }
        }
    }

    private void scan() throws SQLException {
        for (int round = 0; round < 3; round++) {
            scanOnce();
        }
    }

    private void scanOnce() throws SQLException {
        {
            long started = System.nanoTime();
            double cpu = cpuSeconds();
            long rows = 0;
            try (Connection c = crmConnection()) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.setFetchSize(1000);
                    try (ResultSet rs = s.executeQuery(contactsQuery())) {
                        int columns = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            for (int i = 1; i <= columns; i++) {
                                rs.getObject(i);
                            }
                            rows++;
                        }
                    }
                }
                c.rollback();
            }
            System.out.printf("scan: %d rows in %.2f s (cpu %.2f s)%n", rows, seconds(started), cpuSeconds() - cpu);
        }
    }

    private static String contactsQuery() {
        return "SELECT id, email, newsletter, consent_at, first_name, last_name, segment FROM customers";
    }

    private void list() throws Exception {
        String answer = control("POST", "/_sandbox/lists", "{\"name\":\"Perf\",\"double_optin\":false}");
        String list = answer.replaceAll(".*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("state.db"));
        Files.deleteIfExists(dir.resolve("state.db-wal"));
        Files.deleteIfExists(dir.resolve("state.db-shm"));
        String info = control("GET", "/_sandbox/info", null);
        String key = info.replaceAll(".*\"api_key\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        Files.writeString(dir.resolve("listbridge.yml"), """
                state: "jdbc:sqlite:%s"
                crm:
                  url: %s
                  user: postgres
                  contacts:
                    query: %s
                    key: id
                    email: email
                    consent: newsletter
                    consentAt: consent_at
                  writeBack:
                    unsubscribed: UPDATE customers SET newsletter = FALSE WHERE id = :key
                    hardBounce: UPDATE customers SET email_invalid = TRUE WHERE id = :key AND email = :email
                    complaint: UPDATE customers SET newsletter = FALSE WHERE id = :key
                tools:
                  mailchimp:
                    type: mailchimp
                    apiKey: %s
                    baseUrl: http://127.0.0.1:%d/3.0
                audiences:
                  newsletter:
                    tool: mailchimp
                    list: %s
                    fields: { FNAME: first_name, LNAME: last_name }
                    tags: [segment]
                    keyField: CRMKEY
                    blastRadius: 100%%
                """.formatted(dir.resolve("state.db"), CRM_URL, contactsQuery(), key, sandboxPort, list));
        System.out.println("list " + list);
    }

    /** 1 % of the customers (id mod 100 = round): a third change address, a third flip consent, a third edit a field. */
    private void change(int round) throws SQLException {
        try (Connection c = crmConnection(); Statement s = c.createStatement()) {
            int addresses = s.executeUpdate("UPDATE customers SET email = 'moved' || id || '.r" + round + "@example.net' "
                    + "WHERE id % 100 = " + round + " AND id % 3 = 0");
            int consents = s.executeUpdate("UPDATE customers SET newsletter = NOT newsletter, consent_at = now() "
                    + "WHERE id % 100 = " + round + " AND id % 3 = 1");
            int fields = s.executeUpdate("UPDATE customers SET last_name = 'Changed" + round + "' "
                    + "WHERE id % 100 = " + round + " AND id % 3 = 2");
            System.out.printf("change: %d addresses, %d consents, %d fields%n", addresses, consents, fields);
        }
    }

    /** Recipient events in the sandbox: unsubscribes, hard bounces and complaints on subscribed members. */
    private void events(int count) throws Exception {
        String list = Files.readAllLines(dir.resolve("listbridge.yml")).stream()
                .filter(l -> l.strip().startsWith("list:")).findFirst().orElseThrow().strip().substring(6);
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        int[] next = {0};
        for (int t = 0; t < 4; t++) {
            pool.submit(() -> {
                while (sent.get() < count) {
                    int id;
                    synchronized (next) {
                        id = ++next[0] * 7 + 3;
                    }
                    String email = email(id);
                    if (!consent(id) || email.contains(" ") || email.startsWith("info@")) {
                        continue;
                    }
                    String kind = switch (id % 10) {
                        case 0 -> "complain";
                        case 1, 2, 3 -> "hard-bounce";
                        default -> "unsubscribe";
                    };
                    try {
                        String body = "complain".equals(kind) ? "{\"email\":\"" + email + "\",\"campaign_id\":\"c1\"}"
                                : "{\"email\":\"" + email + "\",\"reason\":\"perf\"}";
                        int status = controlStatus("/_sandbox/lists/" + list + "/" + kind, body);
                        if (status / 100 == 2) {
                            sent.incrementAndGet();
                        } else {
                            refused.incrementAndGet();
                        }
                    } catch (Exception e) {
                        refused.incrementAndGet();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        System.out.printf("events: %d made (%d refused) in %.1f s%n", sent.get(), refused.get(), seconds(started));
    }

    private void cycles(String label, int count) throws IOException {
        ListbridgeConfig config = ConfigLoader.load(dir.resolve("listbridge.yml"), Map.of());
        try (Wiring wiring = new Wiring(config, Clock.systemUTC())) {
            SyncEngine engine = wiring.engine(config.audiences().get("newsletter"), Progress.NONE);
            for (int i = 0; i < count; i++) {
                resetPeaks();
                long started = System.nanoTime();
                double cpu = cpuSeconds();
                CycleReport report = engine.sync(false);
                double seconds = seconds(started);
                System.out.printf("%s: %.2f s (cpu %.2f s), heap peak %d MB, %s %s%n", label, seconds, cpuSeconds() - cpu,
                        heapPeakMb(), report.outcome(), report.counts());
                report.messages().forEach(m -> System.out.println("  ! " + m));
            }
        }
    }

    private String control(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandboxPort + path))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private int controlStatus(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandboxPort + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long heapPeakMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    /** CPU time of this process (all threads, JIT and GC included). */
    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
