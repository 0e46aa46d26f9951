package dev.listbridge.crm.jdbc.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.listbridge.crm.jdbc.capture.CaptureTable.TableColumn;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated DDL as text; SQL Server's can only be checked this way here (no server to run it on). */
class TriggerScriptTest {
    static final TableColumn ID = new TableColumn("id", Types.INTEGER, "int");
    static final TableColumn EMAIL = new TableColumn("email", Types.NVARCHAR, "nvarchar");
    static final TableColumn NOTES = new TableColumn("notes", Types.LONGNVARCHAR, "ntext");
    static final TableColumn LAST_LOGIN = new TableColumn("last_login", Types.TIMESTAMP, "datetime2");
    static final CaptureTable CUSTOMERS = new CaptureTable("customers", List.of(ID, EMAIL, NOTES, LAST_LOGIN));

    static CaptureTarget target(String schema) {
        return new CaptureTarget(CUSTOMERS, ID, List.of(ID, EMAIL, NOTES), schema);
    }

    @Test
    void sql_server_records_inserts_changed_rows_and_deletes_in_one_statement_level_trigger() {
        TriggerScript script = TriggerDialect.SQLSERVER.script(target("dbo"));

        assertThat(script.installStatements()).containsExactly("""
                IF OBJECT_ID(N'[dbo].listbridge_change_queue', N'U') IS NULL
                CREATE TABLE [dbo].listbridge_change_queue (
                    id BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
                    contact_key NVARCHAR(255) NOT NULL,
                    op CHAR(1) NOT NULL,
                    changed_at DATETIME2 NOT NULL DEFAULT SYSUTCDATETIME()
                )""", """
                CREATE OR ALTER TRIGGER listbridge_customers_changes ON customers
                AFTER INSERT, UPDATE, DELETE AS
                BEGIN
                    SET NOCOUNT ON;
                    INSERT INTO [dbo].listbridge_change_queue (contact_key, op)
                    SELECT CAST(i.[id] AS NVARCHAR(255)), CASE WHEN EXISTS (SELECT 1 FROM deleted) THEN 'U' ELSE 'I' END
                    FROM inserted i
                    WHERE NOT EXISTS (SELECT 1 FROM deleted d WHERE d.[id] = i.[id]
                                      AND EXISTS (SELECT d.[email], CAST(d.[notes] AS NVARCHAR(MAX)) INTERSECT SELECT i.[email], CAST(i.[notes] AS NVARCHAR(MAX))));
                    INSERT INTO [dbo].listbridge_change_queue (contact_key, op)
                    SELECT CAST(d.[id] AS NVARCHAR(255)), 'D'
                    FROM deleted d
                    WHERE NOT EXISTS (SELECT 1 FROM inserted i WHERE i.[id] = d.[id]);
                END""");
        assertThat(script.text()).contains("\nGO\n").doesNotContain("last_login")
                .contains("-- DROP TRIGGER IF EXISTS listbridge_customers_changes;\n-- DROP TABLE IF EXISTS [dbo].listbridge_change_queue;");
        assertThat(script.objects()).extracting(CaptureObject::toString)
                .containsExactly("trigger listbridge_customers_changes", "table [dbo].listbridge_change_queue");
    }

    @Test
    void sql_server_watching_only_the_key_records_no_update_that_keeps_it() {
        TriggerScript script = TriggerDialect.SQLSERVER.script(new CaptureTarget(CUSTOMERS, ID, List.of(ID), null));

        assertThat(script.installStatements().get(1))
                .contains("WHERE NOT EXISTS (SELECT 1 FROM deleted d WHERE d.[id] = i.[id]);")
                .doesNotContain("INTERSECT");
        assertThat(script.installStatements().getFirst()).startsWith("IF OBJECT_ID(N'listbridge_change_queue', N'U') IS NULL");
    }

    @Test
    void a_qualified_table_keeps_its_schema_for_the_trigger_and_a_plain_stem() {
        CaptureTable table = new CaptureTable("crm.Customers", List.of(ID, EMAIL));
        CaptureTarget target = new CaptureTarget(table, ID, List.of(ID, EMAIL), "dbo");

        assertThat(TriggerDialect.SQLSERVER.script(target).installStatements().get(1))
                .startsWith("CREATE OR ALTER TRIGGER crm.listbridge_crm_customers_changes ON crm.Customers\n");
        assertThat(TriggerDialect.MARIADB.script(target).installStatements())
                .contains("DROP TRIGGER IF EXISTS crm.listbridge_crm_customers_insert");
        assertThat(TriggerDialect.POSTGRESQL.script(target).installStatements())
                .contains("DROP TRIGGER IF EXISTS listbridge_crm_customers_insert ON crm.Customers");
    }

    @Test
    void postgresql_compares_watched_values_as_text_and_notifies() {
        TriggerScript script = TriggerDialect.POSTGRESQL.script(target("public"));

        assertThat(script.installStatements()).anySatisfy(sql -> assertThat(sql)
                .startsWith("CREATE TRIGGER listbridge_customers_update AFTER UPDATE OF \"id\", \"email\", \"notes\" ON customers")
                .contains("WHEN (OLD.\"id\"::text IS DISTINCT FROM NEW.\"id\"::text\n        OR OLD.\"email\"::text IS DISTINCT FROM NEW.\"email\"::text"));
        assertThat(script.installStatements().get(1)).contains("SECURITY DEFINER SET search_path = pg_catalog, pg_temp")
                .contains("INSERT INTO \"public\".listbridge_change_queue (contact_key, op) VALUES (OLD.\"id\"::text, 'D')")
                .contains("PERFORM pg_notify('listbridge_changes', TG_TABLE_NAME)");
        assertThat(script.text()).contains("$$;\n\n").contains("-- DROP FUNCTION IF EXISTS \"public\".listbridge_customers_capture();");
    }

    @Test
    void mariadb_compares_null_safely_and_prints_delimiters_for_its_client() {
        TriggerScript script = TriggerDialect.MARIADB.script(target("crm"));

        assertThat(script.installStatements()).anySatisfy(sql -> assertThat(sql)
                .contains("IF NOT (OLD.`id` <=> NEW.`id`)\n        OR NOT (OLD.`email` <=> NEW.`email`)"));
        assertThat(script.text()).contains("DELIMITER //\n\nCREATE TABLE IF NOT EXISTS `crm`.listbridge_change_queue")
                .contains("\n//\n\nDELIMITER ;\n");
    }

    @Test
    void dialects_are_told_by_url_and_by_name() {
        assertThat(TriggerDialect.of("jdbc:mysql://db/crm")).isEqualTo(TriggerDialect.MARIADB);
        assertThat(TriggerDialect.of("jdbc:sqlserver://db;databaseName=crm")).isEqualTo(TriggerDialect.SQLSERVER);
        assertThat(TriggerDialect.of("jdbc:h2:mem:crm")).isNull();
        assertThat(TriggerDialect.named("MSSQL")).isEqualTo(TriggerDialect.SQLSERVER);
        assertThatThrownBy(() -> TriggerDialect.named("oracle")).hasMessage("expected postgresql, mariadb, mysql or sqlserver; was 'oracle'");
    }
}
