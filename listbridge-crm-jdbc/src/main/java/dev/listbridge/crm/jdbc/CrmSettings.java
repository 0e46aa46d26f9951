package dev.listbridge.crm.jdbc;

import dev.listbridge.spi.ConfigProblem;
import dev.listbridge.spi.InvalidConfigException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * How to reach and read the CRM database.
 *
 * @param url             the JDBC URL (PostgreSQL, MariaDB/MySQL, SQL Server or H2)
 * @param user            the user, or null when the URL carries it
 * @param password        the password, or null; never appears in messages
 * @param timeZone        the zone the CRM's timestamps without time zone are in; null means UTC
 * @param contactsQuery   a SELECT returning one row per contact, without a trailing ORDER BY on SQL Server
 * @param keyColumn       the column holding the CRM key
 * @param emailColumn     the column holding the email address
 * @param consentColumn   the column holding the newsletter permission (default for every audience)
 * @param consentAtColumn the column holding when consent was given, or null
 * @param fetchSize       rows fetched per round trip while streaming; 0 or less means 1000
 */
public record CrmSettings(String url, String user, String password, ZoneId timeZone, String contactsQuery,
                          String keyColumn, String emailColumn, String consentColumn, String consentAtColumn,
                          int fetchSize) {

    public static final int DEFAULT_FETCH_SIZE = 1000;

    /**
     * @throws InvalidConfigException naming every required setting that is missing or blank
     */
    public CrmSettings {
        List<ConfigProblem> problems = new ArrayList<>();
        required(problems, "url", url);
        required(problems, "contactsQuery", contactsQuery);
        required(problems, "keyColumn", keyColumn);
        required(problems, "emailColumn", emailColumn);
        required(problems, "consentColumn", consentColumn);
        if (consentAtColumn != null && consentAtColumn.isBlank()) {
            consentAtColumn = null;
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        timeZone = timeZone == null ? ZoneOffset.UTC : timeZone;
        fetchSize = fetchSize <= 0 ? DEFAULT_FETCH_SIZE : fetchSize;
    }

    /** Settings with UTC, no consent time column and the default fetch size. */
    public CrmSettings(String url, String user, String password, String contactsQuery,
                       String keyColumn, String emailColumn, String consentColumn) {
        this(url, user, password, null, contactsQuery, keyColumn, emailColumn, consentColumn, null, DEFAULT_FETCH_SIZE);
    }

    private static void required(List<ConfigProblem> problems, String key, String value) {
        if (value == null || value.isBlank()) {
            problems.add(new ConfigProblem(key, "required"));
        }
    }

    public CrmSettings withTimeZone(ZoneId zone) {
        return new CrmSettings(url, user, password, zone, contactsQuery, keyColumn, emailColumn, consentColumn, consentAtColumn, fetchSize);
    }

    public CrmSettings withConsentAtColumn(String column) {
        return new CrmSettings(url, user, password, timeZone, contactsQuery, keyColumn, emailColumn, consentColumn, column, fetchSize);
    }

    public CrmSettings withFetchSize(int rows) {
        return new CrmSettings(url, user, password, timeZone, contactsQuery, keyColumn, emailColumn, consentColumn, consentAtColumn, rows);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "CrmSettings[url=" + Secrets.mask(url, password) + ", user=" + user + ", password=" + (password == null ? "null" : "****")
                + ", timeZone=" + timeZone + ", keyColumn=" + keyColumn + ", emailColumn=" + emailColumn
                + ", consentColumn=" + consentColumn + ", consentAtColumn=" + consentAtColumn + ", fetchSize=" + fetchSize + "]";
    }
}
