package dev.listbridge.crm.jdbc.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.listbridge.crm.jdbc.CrmSettings;
import dev.listbridge.spi.ConfigProblem;
import dev.listbridge.spi.InvalidConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CaptureSettingsTest {

    @Test
    void each_mode_names_the_config_keys_it_misses() {
        assertThatThrownBy(() -> new CaptureSettings(CaptureMode.WATERMARK, " ", null, null))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).extracting(ConfigProblem::key)
                        .containsExactly("crm.contacts.table", "crm.contacts.updatedAt"));
        assertThatThrownBy(() -> new CaptureSettings(CaptureMode.QUEUE, null, null, null))
                .hasMessage("crm.contacts.table: queue capture needs the table whose rows carry the key");
        assertThat(new CaptureSettings(CaptureMode.DIFF, null, null, null).pollInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void modes_are_spelled_as_in_the_config_and_diff_has_no_feed() {
        assertThat(CaptureMode.of("watermark")).isEqualTo(CaptureMode.WATERMARK);
        CrmSettings crm = new CrmSettings("jdbc:h2:mem:x", "sa", "", "SELECT 1", "id", "email", "ok");
        assertThatThrownBy(() -> ChangeFeeds.open(crm, new CaptureSettings(CaptureMode.DIFF, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("diff capture has no change feed");
    }
}
