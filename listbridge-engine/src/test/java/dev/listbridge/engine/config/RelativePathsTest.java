package dev.listbridge.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN.md 9: relative paths in the config are resolved against the config file's folder. */
class RelativePathsTest {
    @TempDir
    Path dir;

    private final Path folder = Path.of("/srv/listbridge");

    @Test
    void a_relative_sqlite_state_is_resolved_against_the_config_files_folder() throws Exception {
        Path configs = Files.createDirectories(dir.resolve("etc"));
        String yaml = "state: jdbc:sqlite:../var/state.db\n" + ConfigFixtures.MINIMAL;

        ListbridgeConfig config = ConfigLoader.load(ConfigFixtures.write(configs, yaml), ConfigFixtures.ENV);

        assertThat(config.stateUrl()).isEqualTo("jdbc:sqlite:" + dir.toAbsolutePath().normalize().resolve("var/state.db"));
    }

    @Test
    void a_config_file_given_relative_to_the_working_directory_resolves_too() {
        Path relative = Path.of("").toAbsolutePath().relativize(ConfigFixtures.write(dir, ConfigFixtures.MINIMAL).toAbsolutePath());

        ListbridgeConfig config = ConfigLoader.load(relative, ConfigFixtures.ENV);

        assertThat(config.file()).isAbsolute();
        assertThat(config.stateUrl()).isEqualTo("jdbc:sqlite:" + dir.toAbsolutePath().normalize().resolve("data/listbridge.db"));
    }

    @Test
    void a_relative_crm_url_is_resolved_too() {
        String yaml = ConfigFixtures.minimalWith("url:", "  url: jdbc:h2:file:./crm;MODE=PostgreSQL");

        ListbridgeConfig config = ConfigFixtures.load(dir, yaml);

        assertThat(config.crm().url()).isEqualTo("jdbc:h2:file:" + dir.toAbsolutePath().normalize().resolve("crm")
                + ";MODE=PostgreSQL");
    }

    @Test
    void sqlite_urls_keep_their_parameters_and_special_forms() {
        assertThat(JdbcUrls.resolve("jdbc:sqlite:data/x.db?journal_mode=WAL", folder))
                .isEqualTo("jdbc:sqlite:/srv/listbridge/data/x.db?journal_mode=WAL");
        assertThat(JdbcUrls.resolve("jdbc:sqlite:file:./x.db?mode=ro", folder)).isEqualTo("jdbc:sqlite:file:/srv/listbridge/x.db?mode=ro");
        assertThat(JdbcUrls.resolve("jdbc:sqlite:/var/lib/x.db", folder)).isEqualTo("jdbc:sqlite:/var/lib/x.db");
        assertThat(JdbcUrls.resolve("jdbc:sqlite::memory:", folder)).isEqualTo("jdbc:sqlite::memory:");
        assertThat(JdbcUrls.resolve("jdbc:sqlite:", folder)).isEqualTo("jdbc:sqlite:");
    }

    @Test
    void h2_file_urls_are_resolved_and_other_h2_urls_left_alone() {
        assertThat(JdbcUrls.resolve("jdbc:h2:./crm", folder)).isEqualTo("jdbc:h2:/srv/listbridge/crm");
        assertThat(JdbcUrls.resolve("jdbc:h2:data/crm;AUTO_SERVER=TRUE", folder)).isEqualTo("jdbc:h2:/srv/listbridge/data/crm;AUTO_SERVER=TRUE");
        assertThat(JdbcUrls.resolve("jdbc:h2:file:/abs/crm", folder)).isEqualTo("jdbc:h2:file:/abs/crm");
        assertThat(JdbcUrls.resolve("jdbc:h2:mem:crm;DB_CLOSE_DELAY=-1", folder)).isEqualTo("jdbc:h2:mem:crm;DB_CLOSE_DELAY=-1");
        assertThat(JdbcUrls.resolve("jdbc:h2:tcp://localhost/~/crm", folder)).isEqualTo("jdbc:h2:tcp://localhost/~/crm");
        assertThat(JdbcUrls.resolve("jdbc:h2:~/crm", folder)).isEqualTo("jdbc:h2:~/crm");
    }

    @Test
    void server_urls_are_left_alone() {
        assertThat(JdbcUrls.resolve("jdbc:postgresql://127.0.0.1:5432/crm", folder)).isEqualTo("jdbc:postgresql://127.0.0.1:5432/crm");
        assertThat(JdbcUrls.resolve("jdbc:mariadb://db/crm", folder)).isEqualTo("jdbc:mariadb://db/crm");
    }
}
