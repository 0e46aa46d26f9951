package dev.listbridge.cli;

import dev.listbridge.crm.jdbc.CrmSettings;
import dev.listbridge.crm.jdbc.capture.CaptureMode;
import dev.listbridge.crm.jdbc.capture.CaptureSettings;
import dev.listbridge.crm.jdbc.capture.CaptureTarget;
import dev.listbridge.crm.jdbc.capture.TriggerDialect;
import dev.listbridge.crm.jdbc.capture.TriggerInstaller;
import dev.listbridge.crm.jdbc.capture.TriggerScript;
import dev.listbridge.engine.config.AudienceConfig;
import dev.listbridge.engine.config.ContactsConfig;
import dev.listbridge.engine.config.CrmConfig;
import dev.listbridge.spi.InvalidConfigException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "triggers", mixinStandardHelpOptions = true,
        description = {"Prints the DDL of the queue capture mode for the CRM's database: a queue table and triggers on "
                + "crm.contacts.table that record the keys of inserted, deleted and changed rows (changes of the columns "
                + "the config uses).",
                "Checks the table and columns first; changes nothing unless --apply or --remove is given."})
final class TriggersCommand extends ConfiguredCommand {

    @ArgGroup(exclusive = true)
    Action action;

    static final class Action {
        @Option(names = "--apply", required = true, description = "install the DDL in the CRM database (running it twice is harmless)")
        boolean apply;

        @Option(names = "--remove", required = true, description = "drop the triggers, the trigger function and the queue table")
        boolean remove;
    }

    @Option(names = "--dialect", paramLabel = "DB",
            description = "print the DDL for another database: postgresql, mariadb (or mysql), sqlserver (default: the CRM's)")
    String dialectName;

    @Override
    int run(Wiring wiring) {
        CrmConfig crmConfig = wiring.config().crm();
        CrmSettings crm = wiring.crmSettings();
        String table = crmConfig.contacts().captureTable();
        if (table == null) {
            throw new InvalidConfigException("crm.contacts.table", "the triggers need the table whose rows carry the key, "
                    + "and it cannot be told from a contacts query that joins tables or has subqueries: name it");
        }
        CaptureSettings capture = new CaptureSettings(CaptureMode.QUEUE, table, crmConfig.contacts().updatedAt(),
                crmConfig.pollInterval());
        TriggerDialect crmDialect = TriggerDialect.of(crm.url());
        TriggerDialect dialect;
        try {
            dialect = dialectName == null ? crmDialect : TriggerDialect.named(dialectName);
        } catch (IllegalArgumentException e) {
            err().println("--dialect: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        if (dialect == null) {
            err().println("the CRM database (crm.url) is none Listbridge writes triggers for (PostgreSQL, MariaDB/MySQL, "
                    + "SQL Server): print the DDL for one of those with --dialect, or use capture: watermark");
            return ExitCodes.CONFIG;
        }
        if (action != null && dialect != crmDialect) {
            err().println("--apply and --remove work on the CRM's own database ("
                    + (crmDialect == null ? "no trigger dialect" : crmDialect.displayName()) + "); leave out --dialect");
            return ExitCodes.CONFIG;
        }
        try (TriggerInstaller installer = new TriggerInstaller(crm)) {
            if (action != null && action.remove) {
                TriggerScript script = dialect.script(installer.locate(capture));
                out().println("change capture on table " + table + ":");
                installer.remove(script).forEach(line -> out().println("  " + line));
                return ExitCodes.DONE;
            }
            CaptureTarget target = installer.inspect(capture, sqlTexts(crmConfig, wiring), columnNames(crmConfig, wiring));
            TriggerScript script = dialect.script(dialect == crmDialect ? target : target.withoutQueueSchema());
            if (action == null) {
                out().print(script.text());
            } else {
                out().println("change capture on table " + table + ":");
                installer.install(script).forEach(line -> out().println("  " + line));
                out().println("  recording inserts, deletes and changes of: " + String.join(", ", target.watchedNames()));
            }
        }
        if (!"queue".equals(crmConfig.capture())) {
            err().println("note: crm.capture is " + crmConfig.capture() + "; the queue is drained only with capture: queue");
        }
        return ExitCodes.DONE;
    }

    /** Installs the queue triggers on the CRM's own database (what {@code --apply} does); returns what was done. */
    static List<String> install(Wiring wiring) {
        CrmConfig crmConfig = wiring.config().crm();
        CaptureSettings capture = new CaptureSettings(CaptureMode.QUEUE, crmConfig.contacts().captureTable(),
                crmConfig.contacts().updatedAt(), crmConfig.pollInterval());
        try (TriggerInstaller installer = new TriggerInstaller(wiring.crmSettings())) {
            CaptureTarget target = installer.inspect(capture, sqlTexts(crmConfig, wiring), columnNames(crmConfig, wiring));
            return installer.install(TriggerDialect.of(wiring.crmSettings().url()).script(target));
        }
    }

    /** The SQL whose columns matter: the contacts query and every audience's filter. */
    private static List<String> sqlTexts(CrmConfig crm, Wiring wiring) {
        List<String> texts = new ArrayList<>();
        texts.add(crm.contacts().query());
        for (AudienceConfig audience : wiring.config().audiences().values()) {
            if (audience.filter() != null) {
                texts.add(audience.filter());
            }
        }
        return texts;
    }

    /** Every column name the config gives: key, email, consent, consent time, and each audience's consent, fields and tags. */
    private static List<String> columnNames(CrmConfig crm, Wiring wiring) {
        ContactsConfig contacts = crm.contacts();
        List<String> names = new ArrayList<>(List.of(contacts.key(), contacts.email(), contacts.consent()));
        if (contacts.consentAt() != null) {
            names.add(contacts.consentAt());
        }
        for (AudienceConfig audience : wiring.config().audiences().values()) {
            if (audience.consent() != null) {
                names.add(audience.consent());
            }
            names.addAll(audience.fields().values());
            names.addAll(audience.tags());
        }
        return names;
    }
}
