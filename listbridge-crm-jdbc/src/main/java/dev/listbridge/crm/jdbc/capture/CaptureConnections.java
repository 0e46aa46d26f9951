package dev.listbridge.crm.jdbc.capture;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.listbridge.crm.jdbc.CrmSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Connections to the CRM for change capture, apart from the contact reader's pool. */
final class CaptureConnections {
    static final String POOL_NAME = "listbridge-crm-capture";

    private CaptureConnections() {
    }

    /** A small pool that connects on first use, so that an unreachable CRM fails the first call, as retriable. */
    static HikariDataSource pool(CrmSettings crm) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(POOL_NAME);
        config.setJdbcUrl(crm.url());
        config.setUsername(crm.user());
        config.setPassword(crm.password());
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(3_000);
        config.setIdleTimeout(60_000);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    /** One connection outside any pool: for LISTEN, which must stay on its connection, and for the triggers command. */
    static Connection single(CrmSettings crm) throws SQLException {
        Properties properties = new Properties();
        if (crm.user() != null) {
            properties.setProperty("user", crm.user());
        }
        if (crm.password() != null) {
            properties.setProperty("password", crm.password());
        }
        return DriverManager.getConnection(crm.url(), properties);
    }
}
