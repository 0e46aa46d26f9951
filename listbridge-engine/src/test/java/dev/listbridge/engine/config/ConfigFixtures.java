package dev.listbridge.engine.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Config texts and helpers shared by the config tests. */
final class ConfigFixtures {
    /** The config of issue 2, exactly as written there. */
    static final String ISSUE_2 = """
            state: jdbc:sqlite:./data/listbridge.db          # default; relative to the config file's folder
            crm:
              url: jdbc:postgresql://127.0.0.1:5432/crm
              user: crm
              password: ${CRM_PASSWORD}
              timeZone: UTC                                   # how CRM timestamps are read
              contacts:
                query: SELECT id, email, newsletter, consent_at, first_name, last_name, segment FROM customers
                key: id
                email: email
                consent: newsletter
                consentAt: consent_at                         # optional: when consent was given
              writeBack:                                      # each optional; also overridable per audience
                unsubscribed: UPDATE customers SET newsletter = FALSE WHERE id = :key
                hardBounce: UPDATE customers SET email_invalid = TRUE WHERE id = :key AND email = :email
                complaint: UPDATE customers SET newsletter = FALSE WHERE id = :key
            tools:
              mailchimp:
                type: mailchimp
                apiKey: ${MAILCHIMP_API_KEY}
                baseUrl: http://127.0.0.1:9000/3.0            # optional: a sandbox or a proxy
            audiences:
              newsletter:
                tool: mailchimp
                list: a1b2c3d4e5
                filter: segment = 'B2C'                       # optional SQL condition on the contacts query
                consent: newsletter                           # optional override of crm.contacts.consent
                fields: { FNAME: first_name, LNAME: last_name }
                tags: [segment]                               # columns whose values become tags
                keyField: CRMKEY                              # tool field that carries the CRM key
                addressChange: reconfirm                      # transfer | reconfirm | drop
                newMembers: subscribed                        # subscribed | pending
                onLeave: unsubscribe                          # unsubscribe | archive | keep
                inbound: report                               # report | create | ignore
                sharedAddress: lowestKey                      # lowestKey | highestKey
                blastRadius: 5%                               # or a count
            """;

    /** The smallest valid config: only what is required. */
    static final String MINIMAL = """
            crm:
              url: jdbc:postgresql://127.0.0.1:5432/crm
              contacts:
                query: SELECT id, email, newsletter FROM customers
                key: id
                email: email
                consent: newsletter
            tools:
              mailchimp:
                type: mailchimp
            audiences:
              newsletter:
                tool: mailchimp
                list: a1b2c3d4e5
            """;

    static final String CRM_PASSWORD = "crm-pass-Zq81";
    static final String API_KEY = "0123456789abcdef-us21";
    static final Map<String, String> ENV = Map.of("CRM_PASSWORD", CRM_PASSWORD, "MAILCHIMP_API_KEY", API_KEY);

    private ConfigFixtures() {
    }

    static Path write(Path dir, String yaml) {
        try {
            Path file = dir.resolve("listbridge.yml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ListbridgeConfig load(Path dir, String yaml) {
        return ConfigLoader.load(write(dir, yaml), ENV);
    }

    static List<ConfigError> errors(Path dir, String yaml) {
        return errors(dir, yaml, ENV);
    }

    static List<ConfigError> errors(Path dir, String yaml, Map<String, String> env) {
        Path file = write(dir, yaml);
        ConfigException[] thrown = new ConfigException[1];
        assertThatThrownBy(() -> ConfigLoader.load(file, env))
                .isInstanceOfSatisfying(ConfigException.class, e -> thrown[0] = e);
        return thrown[0].errors();
    }

    /** The minimal config with one line replaced (the first line that starts with {@code prefix} after indentation). */
    static String minimalWith(String prefix, String replacement) {
        return replace(MINIMAL, prefix, replacement);
    }

    static String replace(String yaml, String prefix, String replacement) {
        StringBuilder out = new StringBuilder();
        boolean done = false;
        for (String line : yaml.split("\n", -1)) {
            if (!done && line.strip().startsWith(prefix)) {
                out.append(replacement);
                done = true;
            } else {
                out.append(line);
            }
            out.append('\n');
        }
        if (!done) {
            throw new IllegalArgumentException("no line starts with " + prefix);
        }
        return out.substring(0, out.length() - 1);
    }
}
