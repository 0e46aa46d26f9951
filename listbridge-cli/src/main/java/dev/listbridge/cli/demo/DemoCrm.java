package dev.listbridge.cli.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.Random;

/** The demo's CRM: an embedded H2 database with generated customers. */
public final class DemoCrm {
    public static final int JANE = 17;
    public static final int MAX = 42;
    public static final String JANE_OLD = "info@acme-example.com";
    public static final String JANE_NEW = "jane.doe@acme-example.com";

    private static final String[] FIRST = {"Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hannah", "Ida", "Jonas",
        "Karl", "Lena", "Mia", "Noah", "Olga", "Paul", "Rosa", "Sven", "Tara", "Uwe"};
    private static final String[] LAST = {"Schmidt", "Meyer", "Weber", "Wagner", "Becker", "Hoffmann", "Koch", "Richter",
        "Klein", "Wolf", "Braun", "Zimmermann", "Krüger", "Hartmann", "Lange"};
    private static final String[] DOMAINS = {"example.com", "example.org", "mail.example", "post.example", "bücher.example"};

    private final String url;

    public DemoCrm(String url) {
        this.url = url;
    }

    public String url() {
        return url;
    }

    /** Creates the customers table with {@code count} customers; a few addresses are invalid on purpose. */
    public void create(int count) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(320), newsletter BOOLEAN NOT NULL, "
                    + "consent_at TIMESTAMP, first_name VARCHAR(100), last_name VARCHAR(100), segment VARCHAR(20), "
                    + "email_invalid BOOLEAN DEFAULT FALSE NOT NULL)");
            Random random = new Random(2026);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO customers (id, email, newsletter, consent_at, "
                    + "first_name, last_name, segment) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (int id = 1; id <= count; id++) {
                    String first = FIRST[random.nextInt(FIRST.length)];
                    String last = LAST[random.nextInt(LAST.length)];
                    String email = (first + "." + last).toLowerCase().replace("ü", "ue") + id + "@"
                            + DOMAINS[random.nextInt(DOMAINS.length)];
                    boolean consent = random.nextInt(100) < 80;
                    if (id % 400 == 7) {
                        email = first.toLowerCase() + " at example.com"; // typed wrongly into the CRM
                    }
                    if (id % 500 == 9) {
                        email = "";
                    }
                    if (id == JANE) {
                        email = JANE_OLD;
                        first = "Jane";
                        last = "Doe";
                        consent = true;
                    }
                    if (id == MAX) {
                        email = "max.mustermann@example.com";
                        first = "Max";
                        last = "Mustermann";
                        consent = true;
                    }
                    insert.setInt(1, id);
                    insert.setString(2, email);
                    insert.setBoolean(3, consent);
                    insert.setTimestamp(4, consent ? Timestamp.valueOf(LocalDateTime.of(2025, 1, 1, 9, 0).plusHours(id)) : null);
                    insert.setString(5, first);
                    insert.setString(6, last);
                    insert.setString(7, id % 3 == 0 ? "B2B" : "B2C");
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    public void update(String sql, Object... args) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    public String value(String sql, Object... args) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "sa", "");
    }
}
