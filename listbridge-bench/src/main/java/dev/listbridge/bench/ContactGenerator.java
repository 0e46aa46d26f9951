package dev.listbridge.bench;

import dev.listbridge.spi.Address;
import dev.listbridge.spi.InvalidAddressException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Fills the CRM table {@code contacts} with generated customers through PostgreSQL's COPY, seeded, so a
 * run can be repeated. What real CRMs hold, in fixed shares decided by the key:
 *
 * <ul>
 *   <li>3 % invalid addresses (ids ending in 07, 37, 77): typed wrongly, empty, NULL, two dots, a
 *       non-ASCII local part (Mailchimp has no SMTPUTF8), a domain without a dot;</li>
 *   <li>3 % shared addresses (ids ending in 50, 51, 52 share {@code info@} of one company, one of them
 *       spelled {@code Info@}); a company's contacts are all in segment B2B;</li>
 *   <li>about 5 % IDN domains ({@code bücher.example}), some shared ones too; 5 % capitalised local parts;</li>
 *   <li>consent for about 70 %, most with a consent time; attributes first name, last name, city;
 *       segment (the tag column) B2C, B2B, VIP or empty.</li>
 * </ul>
 * Column {@code email_key} holds the matching key Listbridge derives from the address (NULL for an
 * address it does not push); the contacts query does not read it: the benchmark checks with it.
 */
final class ContactGenerator {
    /** Rows sent to COPY at a time. */
    private static final int CHUNK = 5_000;
    private static final LocalDateTime CONSENT_EPOCH = LocalDateTime.of(2024, 1, 1, 0, 0);

    private static final String[] FIRST = {"Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hannah", "Ida",
        "Jonas", "Karl", "Lena", "Mia", "Noah", "Olga", "Paul", "Rosa", "Sven", "Tara", "Uwe", "Jürgen", "Björn", "Zoë",
        "Renée", "Ömer"};
    private static final String[] LAST = {"Schmidt", "Meyer", "Weber", "Wagner", "Becker", "Hoffmann", "Koch", "Richter",
        "Klein", "Wolf", "Braun", "Zimmermann", "Krüger", "Hartmann", "Lange", "Müller", "Schröder", "Weiß", "Yılmaz"};
    private static final String[] CITIES = {"Berlin", "Hamburg", "München", "Köln", "Frankfurt", "Stuttgart", "Düsseldorf",
        "Leipzig", "Dortmund", "Essen", "Bremen", "Dresden", "Hannover", "Nürnberg", "Wien", "Graz", "Zürich", "Basel"};
    private static final String[] DOMAINS = {"example.com", "example.org", "example.net", "mail.example", "post.example",
        "web.example"};
    private static final String[] IDN_DOMAINS = {"bücher.example", "café-paris.example", "zürich-mail.example",
        "königsberg.example"};

    /** What was generated, for the report. */
    record Summary(int contacts, int invalid, int shared, int idn, int consenting) {
    }

    private ContactGenerator() {
    }

    /** Creates the table and fills it with {@code count} contacts; {@code progress} hears rows written. */
    static Summary generate(Connection connection, int count, long seed, LongConsumer progress) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE contacts (
                      id bigint NOT NULL,
                      email text,
                      newsletter boolean NOT NULL,
                      consent_at timestamp,
                      first_name text,
                      last_name text,
                      city text,
                      segment text,
                      email_invalid boolean NOT NULL DEFAULT false,
                      complained boolean NOT NULL DEFAULT false,
                      email_key text
                    )""");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int invalid = 0;
        int shared = 0;
        int idn = 0;
        int consenting = 0;
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "COPY contacts (id, email, newsletter, consent_at, first_name, last_name, city, segment, email_key) FROM STDIN");
        try {
            StringBuilder rows = new StringBuilder(CHUNK * 160);
            for (int id = 1; id <= count; id++) {
                Row row = row(id, random);
                invalid += row.key == null ? 1 : 0;
                shared += row.shared ? 1 : 0;
                idn += row.email != null && !row.email.chars().allMatch(c -> c < 0x80) && row.key != null ? 1 : 0;
                consenting += row.consent ? 1 : 0;
                row.appendTo(rows);
                if (id % CHUNK == 0 || id == count) {
                    byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
                    copy.writeToCopy(bytes, 0, bytes.length);
                    rows.setLength(0);
                    progress.accept(id);
                }
            }
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE contacts ADD PRIMARY KEY (id)");
            statement.execute("CREATE INDEX contacts_email_key ON contacts (email_key)");
            // a settled table, as a production CRM's is: hint bits set and statistics known before the floor is read
            statement.execute("VACUUM ANALYZE contacts");
        }
        return new Summary(count, invalid, shared, idn, consenting);
    }

    private record Row(int id, String email, boolean consent, LocalDateTime consentAt, String firstName, String lastName,
                       String city, String segment, String key, boolean shared) {
        void appendTo(StringBuilder out) {
            out.append(id).append('\t');
            field(out, email).append('\t');
            out.append(consent ? 't' : 'f').append('\t');
            field(out, consentAt == null ? null : consentAt.toString().replace('T', ' ')).append('\t');
            field(out, firstName).append('\t');
            field(out, lastName).append('\t');
            field(out, city).append('\t');
            field(out, segment).append('\t');
            field(out, key).append('\n');
        }
    }

    private static Row row(int id, SplittableRandom random) {
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];
        String city = CITIES[random.nextInt(CITIES.length)];
        boolean consent = random.nextInt(100) < 70;
        LocalDateTime consentAt = consent && random.nextInt(10) < 9
                ? CONSENT_EPOCH.plusMinutes(random.nextInt(2 * 365 * 24 * 60)) : null;
        int segmentDraw = random.nextInt(100);
        String segment = segmentDraw < 60 ? "B2C" : segmentDraw < 85 ? "B2B" : segmentDraw < 95 ? "VIP" : null;
        int domainDraw = random.nextInt(100);
        String domain = domainDraw < 5 ? IDN_DOMAINS[domainDraw % IDN_DOMAINS.length] : DOMAINS[domainDraw % DOMAINS.length];
        String local = ascii(first) + "." + ascii(last) + id;
        if (id % 20 == 3) {
            local = capitalised(ascii(first)) + "." + capitalised(ascii(last)) + id;
        }
        String email = local + "@" + domain;
        boolean shared = false;
        int lastTwo = id % 100;
        if (lastTwo == 50 || lastTwo == 51 || lastTwo == 52) {
            int company = id / 100;
            String companyDomain = company % 5 == 0 ? "bäckerei-" + company + ".example" : "firma-" + company + ".example";
            email = (lastTwo == 51 ? "Info@" : "info@") + companyDomain;
            segment = "B2B";
            shared = true;
        } else if (lastTwo == 7 || lastTwo == 37 || lastTwo == 77) {
            email = switch ((id / 100 + lastTwo) % 6) {
                case 0 -> ascii(first) + " at example.com";
                case 1 -> "";
                case 2 -> null;
                case 3 -> ascii(first) + ".." + ascii(last) + id + "@example.com";
                case 4 -> first.toLowerCase(Locale.ROOT) + "." + last.toLowerCase(Locale.ROOT) + id + "ü@example.com";
                default -> local + "@localhost";
            };
        }
        return new Row(id, email, consent, consentAt, first, last, city, segment, key(email), shared);
    }

    /** The key Listbridge matches by, or null for an address it reports as invalid for Mailchimp. */
    static String key(String email) {
        try {
            Address address = Address.parse(email);
            return address.utf8LocalPart() ? null : address.key();
        } catch (InvalidAddressException e) {
            return null;
        }
    }

    private static String ascii(String name) {
        return name.toLowerCase(Locale.ROOT).replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
                .replace("é", "e").replace("ë", "e").replace("ı", "i");
    }

    private static String capitalised(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** COPY's text format: {@code \N} for NULL, backslash escapes for the characters it uses. */
    private static StringBuilder field(StringBuilder out, String value) {
        if (value == null) {
            return out.append("\\N");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out;
    }
}
