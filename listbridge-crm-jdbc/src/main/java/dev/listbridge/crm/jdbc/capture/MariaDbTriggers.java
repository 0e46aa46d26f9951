package dev.listbridge.crm.jdbc.capture;

import dev.listbridge.crm.jdbc.capture.CaptureTable.TableColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * MariaDB (10.2 or later) and MySQL (5.7 or later): one trigger per event.
 * <ol>
 *   <li>The update trigger records a row only when a watched column's value changed, compared with
 *       the NULL-safe {@code <=>}; a changed key records the old key as a deletion as well.</li>
 *   <li>Triggers run with their definer's rights, so the application's users need none on the queue.</li>
 *   <li>Both databases commit each DDL statement on its own, and MySQL has no {@code CREATE OR
 *       REPLACE TRIGGER}: a trigger is replaced by dropping and creating it, and a change committed in
 *       that instant is not recorded (the nightly full reconcile finds it).</li>
 *   <li>A trigger lives in its table's database; the queue table is qualified with the database
 *       Listbridge's connection uses, where the feed reads it.</li>
 * </ol>
 */
final class MariaDbTriggers implements TriggerScript {
    private final CaptureTarget target;

    MariaDbTriggers(CaptureTarget target) {
        this.target = target;
    }

    @Override
    public TriggerDialect dialect() {
        return TriggerDialect.MARIADB;
    }

    @Override
    public CaptureTarget target() {
        return target;
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    private String queue() {
        return target.queueSchema() == null ? ChangeQueue.TABLE : quote(target.queueSchema()) + "." + ChangeQueue.TABLE;
    }

    private String trigger(String event) {
        String name = "listbridge_" + target.table().stem() + "_" + event;
        String schema = target.table().schema();
        return schema == null ? name : schema + "." + name;
    }

    @Override
    public List<String> installStatements() {
        String table = target.table().table();
        String key = quote(target.key().name());
        String record = "INSERT INTO " + queue() + " (contact_key, op) VALUES (";
        String changed = target.watched().stream().map(MariaDbTriggers::changed).collect(Collectors.joining("\n        OR "));
        List<String> statements = new ArrayList<>();
        statements.add("CREATE TABLE IF NOT EXISTS " + queue() + " (\n"
                + "    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
                + "    contact_key VARCHAR(255) NOT NULL,\n"
                + "    op CHAR(1) NOT NULL,\n"
                + "    changed_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)\n"
                + ")");
        statements.add("DROP TRIGGER IF EXISTS " + trigger("insert"));
        statements.add("CREATE TRIGGER " + trigger("insert") + " AFTER INSERT ON " + table + " FOR EACH ROW\n"
                + "    " + record + "CAST(NEW." + key + " AS CHAR), 'I')");
        statements.add("DROP TRIGGER IF EXISTS " + trigger("update"));
        statements.add("CREATE TRIGGER " + trigger("update") + " AFTER UPDATE ON " + table + " FOR EACH ROW\n"
                + "BEGIN\n"
                + "    IF NOT (OLD." + key + " <=> NEW." + key + ") THEN\n"
                + "        " + record + "CAST(OLD." + key + " AS CHAR), 'D');\n"
                + "    END IF;\n"
                + "    IF " + changed + " THEN\n"
                + "        " + record + "CAST(NEW." + key + " AS CHAR), 'U');\n"
                + "    END IF;\n"
                + "END");
        statements.add("DROP TRIGGER IF EXISTS " + trigger("delete"));
        statements.add("CREATE TRIGGER " + trigger("delete") + " AFTER DELETE ON " + table + " FOR EACH ROW\n"
                + "    " + record + "CAST(OLD." + key + " AS CHAR), 'D')");
        return statements;
    }

    private static String changed(TableColumn column) {
        String name = quote(column.name());
        return "NOT (OLD." + name + " <=> NEW." + name + ")";
    }

    @Override
    public List<CaptureObject> objects() {
        String schema = target.table().schema();
        String triggerExists = "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = COALESCE(?, DATABASE()) "
                + "AND TRIGGER_NAME = ?";
        List<CaptureObject> objects = new ArrayList<>();
        for (String event : List.of("insert", "update", "delete")) {
            String name = "listbridge_" + target.table().stem() + "_" + event;
            objects.add(new CaptureObject("trigger", trigger(event), triggerExists, Arrays.asList(schema, name),
                    "DROP TRIGGER IF EXISTS " + trigger(event)));
        }
        objects.add(new CaptureObject("table", queue(),
                "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?",
                Arrays.asList(target.queueSchema(), ChangeQueue.TABLE), "DROP TABLE IF EXISTS " + queue()));
        return objects;
    }

    @Override
    public String text() {
        return Scripts.text(this, "//", "DELIMITER //", "DELIMITER ;");
    }
}
