package dev.listbridge.crm.jdbc.capture;

import dev.listbridge.crm.jdbc.capture.CaptureTable.TableColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * SQL Server (2016 SP1 or later, for {@code CREATE OR ALTER} and {@code DROP … IF EXISTS}): one
 * statement-level trigger for all three events, working on the {@code inserted} and {@code deleted}
 * pseudo-tables.
 * <ol>
 *   <li>An inserted row is recorded unless the deleted row with the same key holds the same values in
 *       every watched column ({@code EXISTS (SELECT … INTERSECT SELECT …)} compares NULL-safely), so
 *       an update that changes nothing watched records nothing. A deleted row whose key no longer
 *       exists is recorded as a deletion: that covers deletes and the old key of a key change.</li>
 *   <li>{@code text}, {@code ntext}, {@code image} and {@code xml} cannot be compared; they are cast
 *       to {@code NVARCHAR(MAX)} or {@code VARBINARY(MAX)} first.</li>
 *   <li>{@code SET NOCOUNT ON}, so the application's row counts stay what they were.</li>
 * </ol>
 * Not run here (no SQL Server on the development machines): its text is tested.
 */
final class SqlServerTriggers implements TriggerScript {
    private final CaptureTarget target;

    SqlServerTriggers(CaptureTarget target) {
        this.target = target;
    }

    @Override
    public TriggerDialect dialect() {
        return TriggerDialect.SQLSERVER;
    }

    @Override
    public CaptureTarget target() {
        return target;
    }

    private static String quote(String identifier) {
        return "[" + identifier.replace("]", "]]") + "]";
    }

    private String queue() {
        return target.queueSchema() == null ? ChangeQueue.TABLE : quote(target.queueSchema()) + "." + ChangeQueue.TABLE;
    }

    private String trigger() {
        String name = "listbridge_" + target.table().stem() + "_changes";
        String schema = target.table().schema();
        return schema == null ? name : schema + "." + name;
    }

    @Override
    public List<String> installStatements() {
        String key = quote(target.key().name());
        String insert = "    INSERT INTO " + queue() + " (contact_key, op)\n";
        List<TableColumn> compared = target.watched().stream()
                .filter(column -> !column.name().equalsIgnoreCase(target.key().name())).toList();
        String unchanged = compared.isEmpty() ? ""
                : "\n                      AND EXISTS (SELECT " + values("d", compared) + " INTERSECT SELECT " + values("i", compared) + ")";
        return List.of(
                "IF OBJECT_ID(N'" + queue() + "', N'U') IS NULL\n"
                        + "CREATE TABLE " + queue() + " (\n"
                        + "    id BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,\n"
                        + "    contact_key NVARCHAR(255) NOT NULL,\n"
                        + "    op CHAR(1) NOT NULL,\n"
                        + "    changed_at DATETIME2 NOT NULL DEFAULT SYSUTCDATETIME()\n"
                        + ")",
                "CREATE OR ALTER TRIGGER " + trigger() + " ON " + target.table().table() + "\n"
                        + "AFTER INSERT, UPDATE, DELETE AS\n"
                        + "BEGIN\n"
                        + "    SET NOCOUNT ON;\n"
                        + insert
                        + "    SELECT CAST(i." + key + " AS NVARCHAR(255)), CASE WHEN EXISTS (SELECT 1 FROM deleted) THEN 'U' ELSE 'I' END\n"
                        + "    FROM inserted i\n"
                        + "    WHERE NOT EXISTS (SELECT 1 FROM deleted d WHERE d." + key + " = i." + key + unchanged + ");\n"
                        + insert
                        + "    SELECT CAST(d." + key + " AS NVARCHAR(255)), 'D'\n"
                        + "    FROM deleted d\n"
                        + "    WHERE NOT EXISTS (SELECT 1 FROM inserted i WHERE i." + key + " = d." + key + ");\n"
                        + "END");
    }

    private static String values(String alias, List<TableColumn> columns) {
        return columns.stream().map(column -> comparable(alias, column)).collect(Collectors.joining(", "));
    }

    private static String comparable(String alias, TableColumn column) {
        String value = alias + "." + quote(column.name());
        String type = column.typeName() == null ? "" : column.typeName().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "text", "ntext", "xml" -> "CAST(" + value + " AS NVARCHAR(MAX))";
            case "image" -> "CAST(" + value + " AS VARBINARY(MAX))";
            default -> value;
        };
    }

    @Override
    public List<CaptureObject> objects() {
        List<CaptureObject> objects = new ArrayList<>();
        objects.add(new CaptureObject("trigger", trigger(), "SELECT CASE WHEN OBJECT_ID(?, N'TR') IS NULL THEN 0 ELSE 1 END",
                List.of(trigger()), "DROP TRIGGER IF EXISTS " + trigger()));
        objects.add(new CaptureObject("table", queue(), "SELECT CASE WHEN OBJECT_ID(?, N'U') IS NULL THEN 0 ELSE 1 END",
                List.of(queue()), "DROP TABLE IF EXISTS " + queue()));
        return objects;
    }

    @Override
    public String text() {
        return Scripts.text(this, "GO", null, null);
    }
}
