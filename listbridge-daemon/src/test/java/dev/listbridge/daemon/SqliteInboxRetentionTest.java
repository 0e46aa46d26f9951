package dev.listbridge.daemon;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteInboxRetentionTest extends InboxRetentionContract {
    @TempDir
    Path dir;

    @Override
    DaemonStore openStore() {
        return DaemonStore.open("jdbc:sqlite:" + dir.resolve("listbridge.db"), null, null);
    }
}
