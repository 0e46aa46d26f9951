package dev.listbridge.bench;

import dev.listbridge.engine.config.ConfigLoader;
import dev.listbridge.engine.config.ListbridgeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The config a benchmark run syncs with, written to its work folder like a user's {@code listbridge.yml}:
 * the default SQLite state store beside it, the generated CRM, the sandbox, one audience with two fields
 * and the key field, the segment column as tags, default policies.
 */
final class BenchConfig {
    static final String AUDIENCE = "newsletter";
    static final String LIST = "bench00001";
    static final String CONTACTS_QUERY = "SELECT id, email, newsletter, consent_at, first_name, last_name, city, segment FROM contacts";

    private BenchConfig() {
    }

    static ListbridgeConfig write(Path folder, CrmDatabase crm, SandboxProcess sandbox) throws IOException {
        Path file = folder.resolve("listbridge.yml");
        Files.writeString(file, """
                # Written by `listbridge bench`; the sandbox's port changes every run.
                state: jdbc:sqlite:./state.db
                crm:
                  url: %s
                  user: %s
                  password: ${CRM_PASSWORD}
                  contacts:
                    query: %s
                    key: id
                    email: email
                    consent: newsletter
                    consentAt: consent_at
                  writeBack:
                    unsubscribed: UPDATE contacts SET newsletter = FALSE WHERE id = :key
                    hardBounce: UPDATE contacts SET email_invalid = TRUE WHERE id = :key AND email = :email
                    complaint: UPDATE contacts SET newsletter = FALSE, complained = TRUE WHERE id = :key
                tools:
                  mailchimp:
                    type: mailchimp
                    apiKey: ${MAILCHIMP_API_KEY}
                    baseUrl: %s
                audiences:
                  %s:
                    tool: mailchimp
                    list: %s
                    fields: { FNAME: first_name, LNAME: last_name, CITY: city }
                    tags: [segment]
                    keyField: CRMKEY
                """.formatted(crm.url(), crm.user(), CONTACTS_QUERY, sandbox.baseUrl(), AUDIENCE, LIST));
        return ConfigLoader.load(file, Map.of("CRM_PASSWORD", crm.password(), "MAILCHIMP_API_KEY", sandbox.apiKey()));
    }
}
