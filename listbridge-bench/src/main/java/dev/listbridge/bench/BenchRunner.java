package dev.listbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listbridge.engine.CycleOutcome;
import dev.listbridge.engine.CycleReport;
import dev.listbridge.engine.config.AudienceConfig;
import dev.listbridge.engine.config.ListbridgeConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Runs the benchmark of issue 5 and prints a table of its steps, the goals met and missed, the
 * mismatches its checks found and, last, one line of figures (see {@link BenchResult#line()}).
 *
 * <ol>
 *   <li>generate N contacts in a fresh PostgreSQL database (COPY);</li>
 *   <li>the floor: the contacts query read once over plain JDBC;</li>
 *   <li>the initial push, its member-writing calls against the minimum;</li>
 *   <li>the first cycle after it (which reads the push's own changes back as echoes); then, the tool left
 *       untouched for {@link BenchOptions#settleSeconds()}, a cycle that catches up with the push (its pull
 *       re-reads the minute before the newest change it saw, as changes may become visible that late, and
 *       learns that the tool has shown everything up to it), and a steady cycle with nothing to do;</li>
 *   <li>a cycle after 1 % of the contacts changed;</li>
 *   <li>recipient events created in the sandbox at once, and the cycle that pulls, attributes and writes them back;</li>
 *   <li>the peak heap of this JVM throughout.</li>
 * </ol>
 * Listbridge runs in this JVM exactly as {@code listbridge sync} wires it; the Mailchimp sandbox runs in
 * its own process. Every step is checked against what the generated data says must hold.
 */
public final class BenchRunner {
    private static final String BATCH_SUBSCRIBE = "POST /lists/{list_id}";
    private static final String TAG_MEMBERS = "POST /lists/{list_id}/segments/{segment_id}";
    private static final String TAG_CREATE = "POST /lists/{list_id}/segments";
    private static final int SPOT_CHECKS = 10;
    /** The floor scan and the steady cycle each run this often; the fastest run counts (see docs/BENCHMARKS.md). */
    static final int REPEATS = 3;

    private final BenchOptions options;
    private final PrintWriter out;
    private final List<String> mismatches = new ArrayList<>();
    private final List<String[]> table = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final double loadAtStart = ResourceUse.loadAverage();

    public BenchRunner(BenchOptions options, PrintWriter out) {
        this.options = Objects.requireNonNull(options, "options");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Runs every step; the result's mismatches say whether the checks held. */
    public BenchResult run() throws IOException, SQLException {
        Path work = options.workDir() != null ? workFolder(options.workDir()) : Files.createTempDirectory("listbridge-bench-");
        try (HeapWatch heap = new HeapWatch()) {
            BenchResult result;
            try (CrmDatabase crm = CrmDatabase.create(options.database(), options.embeddedPostgres(), options.keep());
                 CleanUpOnExit cleanUp = new CleanUpOnExit(crm, options.keep() || options.workDir() != null ? null : work)) {
                say("CRM: database %s on %s", crm.name(), crm.description());
                try (SandboxProcess sandbox = SandboxProcess.start(options.sandboxHeap(), work.resolve("sandbox.log"))) {
                    say("Mailchimp sandbox: its own process (pid %d, -Xmx%dm) at %s", sandbox.pid(), options.sandboxHeap(),
                            sandbox.baseUrl());
                    say("Listbridge: this JVM (pid %d, max heap %d MiB); work folder %s", ProcessHandle.current().pid(),
                            heap.maxMb(), work);
                    result = steps(crm, sandbox, work, heap);
                }
                if (options.keep()) {
                    say("kept: database %s%s and folder %s", crm.name(), crm.embedded() ? " (embedded: gone with this process)" : "",
                            work);
                }
            }
            report(result, heap);
            return result;
        } finally {
            if (!options.keep() && options.workDir() == null) {
                deleteTree(work);
            }
        }
    }

    /** Creates {@code --work-dir} where it does not exist yet; one that cannot be is the option's fault, before anything ran. */
    private static Path workFolder(Path dir) {
        try {
            return Files.createDirectories(dir.toAbsolutePath());
        } catch (IOException e) {
            throw new BadOptionException("--work-dir " + dir + ": cannot create the folder (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); expected a folder that exists or can be created");
        }
    }

    private BenchResult steps(CrmDatabase crm, SandboxProcess sandbox, Path work, HeapWatch heap)
            throws IOException, SQLException {
        SandboxControl control = new SandboxControl(sandbox.baseUrl(), sandbox.apiKey());
        control.createList(BenchConfig.LIST, "Bench newsletter");
        ListbridgeConfig config = BenchConfig.write(work, crm, sandbox);
        AudienceConfig audience = config.audiences().get(BenchConfig.AUDIENCE);
        int contacts = options.contacts();

        // 1. the CRM
        say("");
        say("Generating %,d contacts (COPY) ...", contacts);
        long started = System.nanoTime();
        ResourceUse usedBefore = ResourceUse.now(sandbox);
        ContactGenerator.Summary generated;
        Expectations.Members expected;
        long invalid;
        try (Connection connection = crm.connect()) {
            long[] lastShown = {System.nanoTime()};
            generated = ContactGenerator.generate(connection, contacts, options.seed(), rows -> {
                if (System.nanoTime() - lastShown[0] > 3_000_000_000L || rows == contacts) {
                    say("    %,d rows", rows);
                    lastShown[0] = System.nanoTime();
                }
            });
            expected = Expectations.members(connection, audience.sharedAddress());
            invalid = Expectations.invalidAddresses(connection);
        }
        row("generate " + String.format("%,d", contacts) + " contacts", System.nanoTime() - started, ResourceUse.now(sandbox).since(usedBefore),
                String.format("%,d invalid, %,d on shared addresses, %,d IDN domains, %,d consenting; expected members M = %,d",
                        generated.invalid(), generated.shared(), generated.idn(), generated.consenting(), expected.members()));

        // 2. the floor, the best of REPEATS scans: a single one varied by half between runs on this machine
        say("Floor: the contacts query over plain JDBC, %d times ...", REPEATS);
        usedBefore = ResourceUse.now(sandbox);
        List<FloorScan.Result> scans = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            FloorScan.Result scan = FloorScan.run(crm, config.crm().contacts().query(), config.crm().fetchSize());
            expect("rows read by floor scan " + (i + 1), scan.rows(), contacts);
            scans.add(scan);
        }
        ResourceUse floorUse = ResourceUse.now(sandbox).since(usedBefore).per(REPEATS);
        FloorScan.Result floor = scans.stream().min(Comparator.comparingLong(FloorScan.Result::nanos)).orElseThrow();
        row("floor: plain JDBC scan of the query", floor.nanos(), floorUse, String.format("best of %d scans (%s s); %,d rows, fetch "
                + "size %d, every column", REPEATS, seconds(scans.stream().map(FloorScan.Result::seconds).toList()), floor.rows(),
                config.crm().fetchSize()));

        try (BenchProgress progress = new BenchProgress(out, () -> control.calls().all());
             BenchWiring wiring = new BenchWiring(config, progress)) {
            Runner cycles = new Runner(wiring, control, progress, sandbox);

            // 3. the initial push
            CycleRun initial = cycles.run("Initial push", false);
            SandboxControl.Stats pushed = control.stats(BenchConfig.LIST);
            expect("members in the sandbox", pushed.members(), expected.members());
            expect("subscribed members in the sandbox", pushed.withStatus("subscribed"), expected.members());
            for (String tag : new TreeSet<>(Stream.concat(expected.byTag().keySet().stream(), pushed.tags().keySet().stream()).toList())) {
                expect("members tagged " + tag, pushed.tags().getOrDefault(tag, 0), expected.byTag().getOrDefault(tag, 0L));
            }
            expect("new members reported", initial.report().get(CycleReport.NEW_MEMBERS), expected.members());
            expect("invalid addresses reported", initial.report().get(CycleReport.INVALID_ADDRESSES), invalid);
            long calls = initial.calls().memberWriting();
            row("initial push", initial.nanos(), initial.used(), String.format("%,d members; member-writing calls %,d (%,d batch subscribes, "
                            + "%,d tag adds), minimum %,d; %,d tags created", expected.members(), calls,
                    initial.calls().of(BATCH_SUBSCRIBE), initial.calls().of(TAG_MEMBERS), expected.minCalls(),
                    initial.calls().of(TAG_CREATE)));

            // 4. nothing changed
            CycleRun echo = cycles.run("First cycle after the push (reads the push back from the tool)", false);
            quiet("first cycle after the push", echo);
            row("first cycle after the push", echo.nanos(), echo.used(), String.format("%,d events pulled (the push's own changes), "
                    + "%,d member-writing calls", echo.report().get("events pulled"), echo.calls().memberWriting()));
            // A steady state is a cycle with nothing new anywhere: the pull stops re-reading the minute before the
            // newest change once one of its pulls started more than that minute after it (on the tool's clock), as
            // the cycles of a daemon running every minute do after a push. The wait is not part of any figure.
            settle(options.settleSeconds());
            CycleRun catchUp = cycles.run("Cycle catching up with the push (re-reads the minute before its newest change)", false);
            quiet("cycle catching up with the push", catchUp);
            row("cycle catching up with the push", catchUp.nanos(), catchUp.used(), String.format("%,d events pulled again, "
                    + "%,d member-writing calls", catchUp.report().get("events pulled"), catchUp.calls().memberWriting()));
            // the best of REPEATS cycles, measured as the floor is
            List<CycleRun> steadies = new ArrayList<>();
            for (int i = 1; i <= REPEATS; i++) {
                CycleRun one = cycles.run("Steady cycle (nothing changed), " + i + " of " + REPEATS, false);
                quiet("steady cycle " + i, one);
                steadies.add(one);
            }
            CycleRun steady = steadies.stream().min(Comparator.comparingLong(CycleRun::nanos)).orElseThrow();
            expect("members in the sandbox after the steady cycles", control.stats(BenchConfig.LIST).members(), expected.members());
            row("steady cycle (no change)", steady.nanos(), steady.used(), String.format("best of %d cycles (%s s); %,d contacts read, "
                            + "%,d events pulled, %,d member-writing calls", REPEATS,
                    seconds(steadies.stream().map(CycleRun::seconds).toList()), steady.report().get(CycleReport.CONTACTS_READ),
                    steady.report().get("events pulled"), steady.calls().memberWriting()));

            // 5. 1 % of the contacts change
            OnePercentChange.Changes changes;
            try (Connection connection = crm.connect()) {
                changes = OnePercentChange.apply(connection, contacts, options.seed());
            }
            SandboxControl.Stats before = control.stats(BenchConfig.LIST);
            CycleRun change = cycles.run(String.format("1 %% change cycle (%,d contacts changed)", changes.total()), false);
            checkChange(crm, control, before, changes, change.report());
            row("1 % change cycle", change.nanos(), change.used(), String.format("%,d address changes, %,d consent revoked, %,d granted, "
                            + "%,d attribute edits; %,d member-writing calls", changes.addresses(), changes.consentRevoked(),
                    changes.consentGranted(), changes.edits(), change.calls().memberWriting()));

            // 6. recipient events
            SandboxControl.Stats beforeEvents = control.stats(BenchConfig.LIST);
            int events = Math.min(options.events(), beforeEvents.withStatus("subscribed") / 2);
            if (events < options.events()) {
                note(String.format("events: %,d asked for, %,d created: at most half the %,d subscribed members act",
                        options.events(), events, beforeEvents.withStatus("subscribed")));
            }
            int unsubscribes = events / 3;
            int bounces = events / 3;
            int complaints = events - unsubscribes - bounces;
            say("");
            say("Creating %,d recipient events in the sandbox in one request ...", events);
            started = System.nanoTime();
            SandboxControl.Bulk bulk = control.bulk(BenchConfig.LIST, unsubscribes, bounces, complaints, options.seed());
            long createNanos = System.nanoTime() - started;
            try (Connection connection = crm.connect()) {
                EventTargets.load(connection, bulk);
            }
            row("recipient events created in the sandbox", createNanos, String.format("%,d unsubscribes, %,d hard bounces, "
                    + "%,d complaints (one control request; not part of events/s)", unsubscribes, bounces, complaints));
            CycleRun pull = cycles.run(String.format("Event pull (%,d events; the blast-radius guard released, as an operator would)",
                    bulk.size()), true);
            EventTargets.Check written;
            try (Connection connection = crm.connect()) {
                written = EventTargets.check(connection);
            }
            expect("contacts on unsubscribed addresses still consenting", written.unsubscribedStillConsenting(), 0);
            expect("contacts on hard-bounced addresses not marked invalid", written.bouncedNotMarked(), 0);
            expect("contacts on complaining addresses not opted out and marked", written.complainedNotMarked(), 0);
            expect("contacts marked without an event on their address", written.markedWithoutEvent(), 0);
            SandboxControl.Stats afterEvents = control.stats(BenchConfig.LIST);
            expect("cleaned members in the sandbox", afterEvents.withStatus("cleaned"), beforeEvents.withStatus("cleaned") + bounces);
            expect("abuse reports in the sandbox", afterEvents.abuseReports(), beforeEvents.abuseReports() + complaints);
            row("event pull cycle", pull.nanos(), pull.used(), String.format("%,d events pulled, %,d CRM write-backs to the %,d contacts on "
                            + "those addresses; events/s = %,d events / this cycle's wall time", pull.report().get("events pulled"),
                    pull.report().get(CycleReport.WRITE_BACKS_APPLIED), written.contactsOnTargets(), bulk.size()));

            return new BenchResult(contacts, floor.seconds(), initial.seconds(), calls, expected.minCalls(), steady.seconds(),
                    change.seconds(), bulk.size(), pull.seconds(), heap.peakUsedMb(), mismatches);
        }
    }

    /** One cycle's report, wall time, what it used and the API calls it made. */
    private record CycleRun(CycleReport report, long nanos, ResourceUse used, SandboxControl.Calls calls) {
        double seconds() {
            return nanos / 1e9;
        }
    }

    /** Runs cycles with progress, and checks what every cycle must hold: done, no dead letters. */
    private final class Runner {
        private final BenchWiring wiring;
        private final SandboxControl control;
        private final BenchProgress progress;
        private final SandboxProcess sandbox;

        Runner(BenchWiring wiring, SandboxControl control, BenchProgress progress, SandboxProcess sandbox) {
            this.wiring = wiring;
            this.control = control;
            this.progress = progress;
            this.sandbox = sandbox;
        }

        CycleRun run(String title, boolean force) {
            say("");
            say("%s ... (%s)", title, java.time.LocalTime.now().withNano(0));
            SandboxControl.Calls before = control.calls();
            progress.begin();
            ResourceUse usedBefore = ResourceUse.now(sandbox);
            long started = System.nanoTime();
            CycleReport report;
            try {
                report = wiring.engine().sync(force);
            } finally {
                progress.end();
            }
            long nanos = System.nanoTime() - started;
            ResourceUse used = ResourceUse.now(sandbox).since(usedBefore);
            SandboxControl.Calls calls = control.calls().since(before);
            say("  %.2f s (CPU: Listbridge %.2f s, sandbox %.2f s; Listbridge's GC time %.2f s%s), outcome %s, %,d API calls "
                    + "(%,d member-writing)", nanos / 1e9, used.listbridgeNanos() / 1e9, used.sandboxNanos() / 1e9,
                    used.listbridgeGcMillis() / 1e3, used.diskReadBytes() < 0 ? "" : String.format(Locale.ROOT,
                            "; disks read %s MB in %s s", megabytes(used.diskReadBytes()), seconds(used.diskReadMillis() * 1_000_000)),
                    report.outcome().name().toLowerCase(Locale.ROOT), calls.all(), calls.memberWriting());
            if (report.outcome() != CycleOutcome.DONE) {
                mismatch(title + ": the cycle ended " + report.outcome() + " " + report.messages());
            }
            expect(title + ": dead letters", report.get(CycleReport.DEAD_LETTERS), 0);
            return new CycleRun(report, nanos, used, calls);
        }
    }

    private void settle(int seconds) {
        if (seconds == 0) {
            return;
        }
        say("");
        say("Leaving the tool untouched for %d s ... (%s)", seconds, java.time.LocalTime.now().withNano(0));
        try {
            Thread.sleep(seconds * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the tool to settle", e);
        }
    }

    /** A cycle with nothing to push or write back. */
    private void quiet(String what, CycleRun cycle) {
        expect(what + ": member-writing calls", cycle.calls().memberWriting(), 0);
        expect(what + ": new members", cycle.report().get(CycleReport.NEW_MEMBERS), 0);
        expect(what + ": members updated", cycle.report().get(CycleReport.MEMBERS_UPDATED), 0);
        expect(what + ": CRM write-backs", cycle.report().get(CycleReport.WRITE_BACKS_APPLIED), 0);
    }

    private void checkChange(CrmDatabase crm, SandboxControl control, SandboxControl.Stats before,
                             OnePercentChange.Changes changes, CycleReport report) throws SQLException {
        SandboxControl.Stats after = control.stats(BenchConfig.LIST);
        long pending = changes.addressesConsenting();
        expect("address changes reported", report.get("address changes"), changes.addresses());
        expect("new addresses sent to double opt-in (policy reconfirm)", report.get(CycleReport.NEW_MEMBERS_PENDING), pending);
        expect("members updated (attribute edits of consenting contacts)", report.get(CycleReport.MEMBERS_UPDATED),
                changes.editsConsenting());
        expect("new members (consent granted)", report.get(CycleReport.NEW_MEMBERS), changes.consentGranted());
        expect("pending members in the sandbox", after.withStatus("pending"), before.withStatus("pending") + pending);
        expect("subscribed members in the sandbox", after.withStatus("subscribed"),
                before.withStatus("subscribed") - pending - changes.consentRevoked() + changes.consentGranted());
        expect("unsubscribed members in the sandbox", after.withStatus("unsubscribed"),
                before.withStatus("unsubscribed") + pending + changes.consentRevoked());
        expect("members in the sandbox", after.members(), before.members() + pending + changes.consentGranted());
        try (Connection connection = crm.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT c.id, c.email_key, c.last_name, c.city FROM contacts c "
                     + "JOIN bench_changes b ON b.id = c.id WHERE b.kind = 'attribute' AND b.consent_before ORDER BY c.id LIMIT "
                     + SPOT_CHECKS)) {
            while (rs.next()) {
                String key = rs.getString(2);
                JsonNode member = control.member(BenchConfig.LIST, key).orElse(null);
                if (member == null) {
                    mismatch("contact " + rs.getLong(1) + ": no member " + key + " in the sandbox");
                    continue;
                }
                JsonNode fields = member.path("merge_fields");
                if (!rs.getString(3).equals(fields.path("LNAME").asText()) || !rs.getString(4).equals(fields.path("CITY").asText())) {
                    mismatch("contact " + rs.getLong(1) + ": the sandbox holds LNAME '" + fields.path("LNAME").asText() + "', CITY '"
                            + fields.path("CITY").asText() + "', the CRM '" + rs.getString(3) + "', '" + rs.getString(4) + "'");
                }
            }
        }
    }

    private void report(BenchResult result, HeapWatch heap) {
        row("heap of this JVM", -1, String.format("peak %d MiB in use, peak %d MiB still in use after a collection, max %d MiB",
                result.heapPeakMb(), heap.peakAfterGcMb(), heap.maxMb()));
        if (heap.peakRssAnonMb() >= 0) {
            row("resident memory of this JVM", -1, String.format("peak %d MiB anonymous (heap, JVM, SQLite's page cache; the "
                    + "memory-mapped state file not counted)", heap.peakRssAnonMb()));
        }
        say("");
        int width = table.stream().mapToInt(cells -> cells[0].length()).max().orElse(10);
        String format = "%-" + width + "s  %9s  %9s  %9s  %8s  %8s  %s";
        say(format, "step", "wall (s)", "CPU LB", "CPU sbx", "read MB", "read s", "details");
        for (String[] cells : table) {
            say(format, (Object[]) cells);
        }
        say("(wall: elapsed time; CPU LB: CPU seconds of this JVM, Listbridge; CPU sbx: of the sandbox process; read MB: "
                + "what the machine's disks read, pages no longer in the operating system's cache (the state file's, "
                + "PostgreSQL's); read s: the time they spent reading, overlapping requests each counted. "
                + "Load average at the start %.1f, at the end %.1f, on %d cores.)", loadAtStart, ResourceUse.loadAverage(),
                Runtime.getRuntime().availableProcessors());
        notes.forEach(note -> say("note: %s", note));
        say("");
        say("Goals (issue 5):");
        goal(result.steadyVsScan() <= 1.5, String.format(Locale.ROOT, "steady_vs_scan %.2f <= 1.5", result.steadyVsScan()));
        goal(result.calls() == result.minCalls(), String.format("calls %,d = min_calls %,d", result.calls(), result.minCalls()));
        goal(result.change1pctSeconds() <= 2 * result.scanSeconds(), String.format(Locale.ROOT,
                "1 %% change cycle %.2f s <= 2 x scan %.2f s", result.change1pctSeconds(), 2 * result.scanSeconds()));
        goal(result.eventsPerSecond() >= 5_000, String.format(Locale.ROOT, "event write-back %,.0f events/s >= 5,000",
                result.eventsPerSecond()));
        if (heap.maxMb() <= 256) {
            goal(true, String.format("the whole run within -Xmx256m (max heap %d MiB)", heap.maxMb()));
        } else {
            say("  - heap: this JVM may use %d MiB; run with LISTBRIDGE_JAVA_OPTS=-Xmx256m to check the 256 MiB goal",
                    heap.maxMb());
        }
        say("");
        if (mismatches.isEmpty()) {
            say("checks: all held (no mismatches)");
        } else {
            say("checks: %d MISMATCHES:", mismatches.size());
            mismatches.forEach(problem -> say("  - %s", problem));
        }
        say(result.line());
    }

    private void goal(boolean met, String what) {
        say("  %s %s", met ? "met:   " : "MISSED:", what);
    }

    private void expect(String what, long actual, long expected) {
        if (actual == expected) {
            say("  ok: %s = %,d", what, actual);
        } else {
            mismatch(String.format("%s: %,d, expected %,d", what, actual, expected));
        }
    }

    private void mismatch(String problem) {
        mismatches.add(problem);
        say("  MISMATCH: %s", problem);
    }

    private void note(String text) {
        notes.add(text);
        say("  note: %s", text);
    }

    private void row(String step, long nanos, String details) {
        row(step, nanos, null, details);
    }

    private void row(String step, long nanos, ResourceUse used, String details) {
        boolean disk = used != null && used.diskReadBytes() >= 0;
        table.add(new String[] {step, nanos < 0 ? "" : seconds(nanos),
                used == null || used.listbridgeNanos() < 0 ? "" : seconds(used.listbridgeNanos()),
                used == null || used.sandboxNanos() < 0 ? "" : seconds(used.sandboxNanos()),
                disk ? megabytes(used.diskReadBytes()) : "", disk ? seconds(used.diskReadMillis() * 1_000_000) : "", details});
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.0f", bytes / 1e6);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
    }

    /** Several runs' seconds, in their order: "1.31, 1.20, 1.25". */
    private static String seconds(List<Double> runs) {
        return String.join(", ", runs.stream().map(value -> String.format(Locale.ROOT, "%.2f", value)).toList());
    }

    private void say(String format, Object... args) {
        out.println(args.length == 0 ? format : String.format(format, args));
        out.flush();
    }

    /**
     * On Ctrl-C (or any exit before the run ends) the database is dropped and the temporary folder
     * deleted, as a normal end does; the sandbox process has its own hook.
     */
    private static final class CleanUpOnExit implements AutoCloseable {
        private final Thread hook;

        CleanUpOnExit(CrmDatabase crm, Path temporaryFolder) {
            hook = new Thread(() -> {
                crm.close();
                if (temporaryFolder != null) {
                    try {
                        deleteTree(temporaryFolder);
                    } catch (IOException | RuntimeException stillInUse) {
                        // the run's own files may still be open; a temporary folder is the system's to clear then
                    }
                }
            }, "listbridge-bench-cleanup");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public void close() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
