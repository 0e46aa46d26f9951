package dev.listbridge.cli;

import dev.listbridge.cli.demo.DemoCrm;
import dev.listbridge.engine.CycleOutcome;
import dev.listbridge.engine.CycleReport;
import dev.listbridge.engine.Progress;
import dev.listbridge.engine.config.ConfigLoader;
import dev.listbridge.engine.config.ListbridgeConfig;
import dev.listbridge.sandbox.MailchimpSandbox;
import dev.listbridge.sandbox.SandboxMember;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the whole story on embedded defaults: a generated CRM, the Mailchimp sandbox, a state store under ./data/demo.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--customers", defaultValue = "3000", description = "how many customers to generate (default: ${DEFAULT-VALUE})")
    int customers;

    @Option(names = "--dir", defaultValue = "data/demo", description = "where the demo keeps its files (default: ${DEFAULT-VALUE}); emptied first")
    Path dir;

    private PrintWriter out;
    private int failedChecks;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        long started = System.nanoTime();
        Path home = dir.toAbsolutePath();
        deleteTree(home);
        Files.createDirectories(home);
        DemoCrm crm = new DemoCrm("jdbc:h2:file:" + home.resolve("crm"));
        crm.create(customers);
        try (MailchimpSandbox sandbox = MailchimpSandbox.start(0)) {
            String list = sandbox.createList("Demo newsletter", true);
            Path configFile = home.resolve("listbridge.yml");
            Files.writeString(configFile, config(crm.url(), sandbox.baseUrl(), list));
            ListbridgeConfig config = ConfigLoader.load(configFile, Map.of("MAILCHIMP_API_KEY", sandbox.apiKey()));
            try (Wiring wiring = new Wiring(config, Clock.systemUTC())) {
                story(wiring, config, crm, sandbox, list);
                double seconds = (System.nanoTime() - started) / 1e9;
                out.println();
                out.printf("demo: %d customers, %d members in the sandbox, %d checks failed, %.1f s (files in %s)%n",
                        customers, sandbox.members(list).size(), failedChecks, seconds, dir);
            }
        }
        out.flush();
        return failedChecks == 0 ? ExitCodes.DONE : ExitCodes.FAILED;
    }

    private void story(Wiring wiring, ListbridgeConfig config, DemoCrm crm, MailchimpSandbox sandbox, String list)
            throws SQLException {
        var audience = config.audiences().get("newsletter");
        var engine = wiring.engine(audience, Progress.NONE);

        step(1, "Initial push",
                "\"Our CRM has thousands of customers; the newsletter tool has none of them.\"");
        long started = System.nanoTime();
        CycleReport first = engine.sync(false);
        say(ReportPrinter.summaryLine(first) + String.format(" (%.1f s)", (System.nanoTime() - started) / 1e9));
        say("invalid addresses are reported, never pushed: " + first.samples().getOrDefault(CycleReport.INVALID_ADDRESSES, List.of())
                .stream().limit(2).toList());
        check("every consenting customer with a valid address is a member",
                sandbox.members(list).size() == first.get(CycleReport.NEW_MEMBERS));

        step(2, "An info@ address replaced by a personal one",
                "\"When an address changes, the old one comes back from the tool as a new CRM contact.\"");
        crm.update("UPDATE customers SET email = ? WHERE id = ?", DemoCrm.JANE_NEW, DemoCrm.JANE);
        sync(engine);
        check("the old address " + DemoCrm.JANE_OLD + " is unsubscribed", "unsubscribed".equals(status(sandbox, list, DemoCrm.JANE_OLD)));
        check("the new address " + DemoCrm.JANE_NEW + " is pending (double opt-in sent: policy reconfirm)",
                "pending".equals(status(sandbox, list, DemoCrm.JANE_NEW)));

        step(3, "A recipient unsubscribes in the tool",
                "\"Opt-outs in the newsletter tool never reach our CRM.\"");
        sandbox.unsubscribe(list, "max.mustermann@example.com", "no longer interested");
        sync(engine);
        check("customer " + DemoCrm.MAX + "'s newsletter flag is now no",
                "FALSE".equalsIgnoreCase(crm.value("SELECT newsletter FROM customers WHERE id = ?", DemoCrm.MAX)));
        check("Listbridge's own unsubscribe of the old info@ address was not taken as Jane's opt-out",
                "TRUE".equalsIgnoreCase(crm.value("SELECT newsletter FROM customers WHERE id = ?", DemoCrm.JANE)));

        step(4, "A hard bounce for the old address arrives days after the change",
                "\"Late bounces mark the customer's new, working address as faulty.\"");
        sandbox.hardBounce(list, DemoCrm.JANE_OLD);
        sync(engine);
        boolean suppressed = wiring.store().inTransaction(tx ->
                tx.suppressions().inForce("newsletter", DemoCrm.JANE_OLD).map(s -> s.reason().equals("hard_bounce")).orElse(false));
        check("the bounce is recorded for the old address", suppressed);
        check("Jane's new address is untouched in the CRM (email_invalid stays false)",
                "FALSE".equalsIgnoreCase(crm.value("SELECT email_invalid FROM customers WHERE id = ?", DemoCrm.JANE)));
        check("and still pending in the tool", "pending".equals(status(sandbox, list, DemoCrm.JANE_NEW)));

        step(5, "The old address signs up again through the tool's form",
                "\"Every re-signup of an old address becomes a duplicate contact in the CRM.\"");
        sandbox.signup(list, DemoCrm.JANE_OLD, Map.of("FNAME", "Reception", "LNAME", "ACME"));
        CycleReport signup = sync(engine);
        check("no CRM contact was created for it",
                "0".equals(crm.value("SELECT COUNT(*) FROM customers WHERE LOWER(email) = ?", DemoCrm.JANE_OLD)));
        check("it is reported as a retired address, released from Listbridge's control",
                signup.get(CycleReport.RELEASED) == 1);

        step(6, "A new customer with permission",
                "\"New customers reach the newsletter only after the nightly export.\"");
        crm.update("INSERT INTO customers (id, email, newsletter, consent_at, first_name, last_name, segment) "
                + "VALUES (?, ?, TRUE, CURRENT_TIMESTAMP, 'Nora', 'Neu', 'B2C')", customers + 1, "nora.neu@example.com");
        sync(engine);
        check("nora.neu@example.com is subscribed in the tool, tagged B2C",
                "subscribed".equals(status(sandbox, list, "nora.neu@example.com")));

        step(7, "The changed contact's timeline", "\"Which address did we use for Jane, and when?\"");
        wiring.store().inTransaction(tx -> ContactTimeline.show(out, tx, String.valueOf(DemoCrm.JANE)));
    }

    private CycleReport sync(dev.listbridge.engine.SyncEngine engine) {
        long started = System.nanoTime();
        CycleReport report = engine.sync(false);
        say(String.format("one cycle, %.1f s", (System.nanoTime() - started) / 1e9));
        for (Map.Entry<String, Long> count : report.counts().entrySet()) {
            if (count.getKey().equals(CycleReport.CONTACTS_READ) || count.getKey().startsWith("events")
                    || count.getKey().startsWith(CycleReport.INVALID_ADDRESSES) || count.getKey().equals(CycleReport.TOOL_WRITES_DONE)
                    || count.getKey().startsWith("echoes")) {
                continue;
            }
            List<String> samples = report.samples().get(count.getKey());
            say(count.getKey() + ": " + count.getValue() + (samples == null ? "" : " " + samples.stream().limit(3).toList()));
        }
        report.messages().forEach(m -> say("! " + m));
        if (report.outcome() != CycleOutcome.DONE) {
            check("the cycle ended " + report.outcome(), false);
        }
        return report;
    }

    private static String status(MailchimpSandbox sandbox, String list, String email) {
        return sandbox.member(list, email).map(SandboxMember::status).orElse("absent");
    }

    private void step(int n, String title, String complaint) {
        out.println();
        out.println("Step " + n + ": " + title);
        out.println("  Users say: " + complaint);
    }

    private void say(String line) {
        out.println("  Listbridge: " + line);
    }

    private void check(String what, boolean holds) {
        out.println("    " + (holds ? "\u2713 " : "\u2717 NOT: ") + what);
        if (!holds) {
            failedChecks++;
        }
    }

    private static String config(String crmUrl, String baseUrl, String list) {
        return """
                # Written by `listbridge demo`; the sandbox's port changes every run.
                state: jdbc:sqlite:./state.db
                crm:
                  url: %s
                  user: sa
                  password: ""
                  contacts:
                    query: SELECT id, email, newsletter, consent_at, first_name, last_name, segment FROM customers
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
                    apiKey: ${MAILCHIMP_API_KEY}
                    baseUrl: %s
                audiences:
                  newsletter:
                    tool: mailchimp
                    list: %s
                    fields: { FNAME: first_name, LNAME: last_name }
                    tags: [segment]
                    keyField: CRMKEY
                    addressChange: reconfirm
                retry:
                  initialDelay: 200ms
                  maxDelay: 2s
                """.formatted(crmUrl, baseUrl, list);
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
