package dev.listbridge.engine.config;

import static dev.listbridge.engine.config.ConfigFixtures.ENV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void the_config_of_issue_2_is_accepted_as_written() {
        ListbridgeConfig config = ConfigFixtures.load(dir, ConfigFixtures.ISSUE_2);

        assertThat(config.file()).isEqualTo(dir.resolve("listbridge.yml").toAbsolutePath().normalize());
        assertThat(config.stateUrl()).isEqualTo("jdbc:sqlite:" + dir.toAbsolutePath().normalize().resolve("data/listbridge.db"));
        CrmConfig crm = config.crm();
        assertThat(crm.url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/crm");
        assertThat(crm.user()).isEqualTo("crm");
        assertThat(crm.password()).isEqualTo(ConfigFixtures.CRM_PASSWORD);
        assertThat(crm.timeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(crm.contacts()).isEqualTo(new ContactsConfig(
                "SELECT id, email, newsletter, consent_at, first_name, last_name, segment FROM customers",
                "id", "email", "newsletter", "consent_at", null, null));
        assertThat(crm.writeBack()).containsExactly(
                entry("unsubscribed", "UPDATE customers SET newsletter = FALSE WHERE id = :key"),
                entry("hardBounce", "UPDATE customers SET email_invalid = TRUE WHERE id = :key AND email = :email"),
                entry("complaint", "UPDATE customers SET newsletter = FALSE WHERE id = :key"));

        ToolConfig tool = config.tools().get("mailchimp");
        assertThat(tool.name()).isEqualTo("mailchimp");
        assertThat(tool.type()).isEqualTo("mailchimp");
        assertThat(tool.settings()).containsExactly(entry("type", "mailchimp"), entry("apiKey", ConfigFixtures.API_KEY),
                entry("baseUrl", "http://127.0.0.1:9000/3.0"));
        assertThat(tool.secretKeys()).containsExactly("apiKey");

        AudienceConfig audience = config.audiences().get("newsletter");
        assertThat(audience.name()).isEqualTo("newsletter");
        assertThat(audience.tool()).isEqualTo("mailchimp");
        assertThat(audience.list()).isEqualTo("a1b2c3d4e5");
        assertThat(audience.filter()).isEqualTo("segment = 'B2C'");
        assertThat(audience.consent()).isEqualTo("newsletter");
        assertThat(audience.fields()).containsExactly(entry("FNAME", "first_name"), entry("LNAME", "last_name"));
        assertThat(audience.tags()).containsExactly("segment");
        assertThat(audience.keyField()).isEqualTo("CRMKEY");
        assertThat(audience.addressChange()).isEqualTo(AddressChangePolicy.RECONFIRM);
        assertThat(audience.newMembers()).isEqualTo(NewMemberPolicy.SUBSCRIBED);
        assertThat(audience.onLeave()).isEqualTo(LeavePolicy.UNSUBSCRIBE);
        assertThat(audience.inbound()).isEqualTo(InboundPolicy.REPORT);
        assertThat(audience.sharedAddress()).isEqualTo(SharedAddressRule.LOWEST_KEY);
        assertThat(audience.blastRadius()).isEqualTo(BlastRadius.percent(5));
    }

    @Test
    void keys_left_out_take_their_defaults() {
        ListbridgeConfig config = ConfigFixtures.load(dir, ConfigFixtures.MINIMAL);

        assertThat(config.stateUrl()).isEqualTo("jdbc:sqlite:" + dir.toAbsolutePath().normalize().resolve("data/listbridge.db"));
        CrmConfig crm = config.crm();
        assertThat(crm.user()).isNull();
        assertThat(crm.password()).isNull();
        assertThat(crm.timeZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(crm.capture()).isEqualTo("diff");
        assertThat(crm.fetchSize()).isEqualTo(1000);
        assertThat(crm.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(crm.writeBack()).isEmpty();
        assertThat(crm.contacts().consentAt()).isNull();
        AudienceConfig audience = config.audiences().get("newsletter");
        assertThat(audience.filter()).isNull();
        assertThat(audience.consent()).isNull();
        assertThat(audience.fields()).isEmpty();
        assertThat(audience.tags()).isEmpty();
        assertThat(audience.keyField()).isNull();
        assertThat(audience.addressChange()).isEqualTo(AddressChangePolicy.RECONFIRM);
        assertThat(audience.newMembers()).isEqualTo(NewMemberPolicy.SUBSCRIBED);
        assertThat(audience.onLeave()).isEqualTo(LeavePolicy.UNSUBSCRIBE);
        assertThat(audience.inbound()).isEqualTo(InboundPolicy.REPORT);
        assertThat(audience.sharedAddress()).isEqualTo(SharedAddressRule.LOWEST_KEY);
        assertThat(audience.blastRadius()).hasToString("5%");
        assertThat(audience.writeBack()).isEmpty();
        assertThat(audience.pendingTimeout()).isEqualTo(Duration.ofDays(7));
        assertThat(audience.webhookSecret()).isNull();
        assertThat(audience.signingSecret()).isNull();
        assertThat(config.server()).isEqualTo(new ServerConfig("127.0.0.1:8787", null, null));
        assertThat(config.retry()).isEqualTo(new RetryConfig(6, Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofSeconds(30)));
        assertThat(config.retention()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void the_keys_of_issue_3_are_accepted_and_stored() {
        String yaml = ConfigFixtures.ISSUE_2
                .replace("  timeZone: UTC ", "  capture: queue                       # diff (default) | watermark | queue\n"
                        + "  pollInterval: 500ms\n  timeZone: UTC ")
                .replace("    consentAt: consent_at ", """
                            table: customers                   # for queue and watermark modes
                            updatedAt: updated_at              # for watermark mode
                            consentAt: consent_at \
                        """)
                .replace("    blastRadius: 5%", """
                            webhookSecret: ${MAILCHIMP_WEBHOOK_SECRET}
                            signingSecret: ${MAILCHIMP_SIGNING_SECRET}   # optional: verify X-Mailchimp-Signature
                            blastRadius: 5%\
                        """)
                + """
                server:
                  listen: 127.0.0.1:8787               # the default
                  publicUrl: https://sync.example.com  # what `webhooks install` registers
                  adminToken: ${LISTBRIDGE_ADMIN_TOKEN}
                """;
        Map<String, String> env = new HashMap<>(ENV);
        env.putAll(Map.of("MAILCHIMP_WEBHOOK_SECRET", "hook-secret-1", "MAILCHIMP_SIGNING_SECRET", "signing-secret-2",
                "LISTBRIDGE_ADMIN_TOKEN", "admin-token-3"));

        ListbridgeConfig config = ConfigLoader.load(ConfigFixtures.write(dir, yaml), env);

        assertThat(config.crm().capture()).isEqualTo("queue");
        assertThat(config.crm().contacts().table()).isEqualTo("customers");
        assertThat(config.crm().contacts().updatedAt()).isEqualTo("updated_at");
        assertThat(config.crm().pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.server()).isEqualTo(new ServerConfig("127.0.0.1:8787", "https://sync.example.com", "admin-token-3"));
        AudienceConfig audience = config.audiences().get("newsletter");
        assertThat(audience.webhookSecret()).isEqualTo("hook-secret-1");
        assertThat(audience.signingSecret()).isEqualTo("signing-secret-2");
    }

    @Test
    void every_policy_the_retry_section_and_the_retention_can_be_set() {
        String yaml = ConfigFixtures.MINIMAL + """
                    addressChange: transfer
                    newMembers: pending
                    onLeave: archive
                    inbound: create
                    sharedAddress: highestKey
                    blastRadius: 250
                    pendingTimeout: 36h
                    writeBack:
                      signup: INSERT INTO customers (email) VALUES (:email)
                retry:
                  maxAttempts: 3
                  initialDelay: 500ms
                  maxDelay: 2s
                  requestTimeout: 1m
                retention: 90d
                """;

        ListbridgeConfig config = ConfigFixtures.load(dir, yaml);

        AudienceConfig audience = config.audiences().get("newsletter");
        assertThat(audience.addressChange()).isEqualTo(AddressChangePolicy.TRANSFER);
        assertThat(audience.newMembers()).isEqualTo(NewMemberPolicy.PENDING);
        assertThat(audience.onLeave()).isEqualTo(LeavePolicy.ARCHIVE);
        assertThat(audience.inbound()).isEqualTo(InboundPolicy.CREATE);
        assertThat(audience.sharedAddress()).isEqualTo(SharedAddressRule.HIGHEST_KEY);
        assertThat(audience.blastRadius()).isEqualTo(BlastRadius.count(250));
        assertThat(audience.pendingTimeout()).isEqualTo(Duration.ofHours(36));
        assertThat(audience.writeBack()).containsOnlyKeys("signup");
        assertThat(config.retry()).isEqualTo(new RetryConfig(3, Duration.ofMillis(500), Duration.ofSeconds(2),
                Duration.ofMinutes(1)));
        assertThat(config.retention()).isEqualTo(Duration.ofDays(90));
        assertThat(config.describe()).contains("\nretention: 90d\n");
    }

    @Test
    void tools_and_audiences_keep_the_files_order() {
        String yaml = ConfigFixtures.MINIMAL
                .replace("tools:\n", "tools:\n  zeta:\n    type: mailchimp\n  alpha:\n    type: mailchimp\n")
                + """
                  weekly:
                    tool: zeta
                    list: w1
                  daily:
                    tool: alpha
                    list: d1
                """;

        ListbridgeConfig config = ConfigFixtures.load(dir, yaml);

        assertThat(config.tools().keySet()).containsExactly("zeta", "alpha", "mailchimp");
        assertThat(config.audiences().keySet()).containsExactly("newsletter", "weekly", "daily");
    }

    @Test
    void yaml_anchors_and_merge_keys_can_share_settings() {
        String yaml = ConfigFixtures.MINIMAL + """
                  weekly: &weekly
                    tool: mailchimp
                    list: w1
                    onLeave: keep
                  weekly-b2b:
                    <<: *weekly
                    list: w2
                """;

        ListbridgeConfig config = ConfigFixtures.load(dir, yaml);

        AudienceConfig b2b = config.audiences().get("weekly-b2b");
        assertThat(b2b.list()).isEqualTo("w2");
        assertThat(b2b.onLeave()).isEqualTo(LeavePolicy.KEEP);
    }

    @Test
    void values_keep_their_spelling_whatever_yaml_would_make_of_them() {
        String yaml = ConfigFixtures.minimalWith("list:", "    list: 00123")
                .replace("    consent: newsletter", "    consent: yes");

        ListbridgeConfig config = ConfigFixtures.load(dir, yaml);

        assertThat(config.audiences().get("newsletter").list()).isEqualTo("00123");
        assertThat(config.crm().contacts().consent()).isEqualTo("yes");
    }
}
