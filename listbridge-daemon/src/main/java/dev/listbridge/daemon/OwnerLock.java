package dev.listbridge.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;

/**
 * Makes one process the owner of a state store. The lock is held by the operating system (a file lock
 * next to an SQLite store) or by PostgreSQL (a session advisory lock on a dedicated connection), so it dies
 * with the process that holds it: after a SIGKILL the next start just works.
 */
public final class OwnerLock implements AutoCloseable {
    /** The advisory lock key; any constant, shared by every Listbridge process on the database. */
    private static final long ADVISORY_KEY = 0x4c6973746272L; // "Listbr"

    private final FileChannel channel;
    private final FileLock fileLock;
    private final Connection connection;

    private OwnerLock(FileChannel channel, FileLock fileLock, Connection connection) {
        this.channel = channel;
        this.fileLock = fileLock;
        this.connection = connection;
    }

    /**
     * @param role what the caller is, for the message another process shows ({@code "listbridge run"})
     * @throws StoreOwnedException when another live process owns the store, naming it
     */
    public static OwnerLock acquire(String stateUrl, String user, String password, String role, Clock clock) {
        String owner = role + " (pid " + ProcessHandle.current().pid() + " on " + hostName() + ", since "
                + Instant.now(clock) + ")";
        if (stateUrl.startsWith("jdbc:sqlite:")) {
            return fileLock(lockFile(stateUrl), owner);
        }
        return advisoryLock(stateUrl, user, password, owner, clock);
    }

    static Path lockFile(String sqliteUrl) {
        return DaemonStore.besideStore(sqliteUrl, ".lock");
    }

    private static OwnerLock fileLock(Path file, String owner) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
                channel.close();
                throw new StoreOwnedException("the state store is in use by " + (holder.isEmpty() ? "another process" : holder)
                        + " (lock file " + file + "); stop it first or wait for it to finish");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((owner + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new OwnerLock(channel, lock, null);
        } catch (IOException e) {
            throw new DaemonStartException("cannot lock the state store with " + file + ": " + e.getMessage(), e);
        }
    }

    private static OwnerLock advisoryLock(String url, String user, String password, String owner, Clock clock) {
        try {
            Connection connection = DriverManager.getConnection(url, user, password);
            boolean locked;
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                lock.setLong(1, ADVISORY_KEY);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    locked = rs.getBoolean(1);
                }
            }
            if (!locked) {
                String holder = currentOwner(connection);
                connection.close();
                throw new StoreOwnedException("the state store is in use by " + (holder == null ? "another process" : holder)
                        + "; stop it first or wait for it to finish");
            }
            recordOwner(connection, owner, clock);
            return new OwnerLock(null, null, connection);
        } catch (SQLException e) {
            throw new DaemonStartException("cannot lock the state store: " + e.getMessage(), e);
        }
    }

    private static String currentOwner(Connection connection) {
        try (PreparedStatement select = connection.prepareStatement("SELECT owner FROM daemon_owner WHERE name = 'owner'");
             ResultSet rs = select.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            return null; // the table may not exist yet; the message then says "another process"
        }
    }

    private static void recordOwner(Connection connection, String owner, Clock clock) {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO daemon_owner (name, owner, since) VALUES ('owner', ?, ?) "
                + "ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, since = EXCLUDED.since")) {
            upsert.setString(1, owner);
            upsert.setLong(2, clock.millis());
            upsert.executeUpdate();
        } catch (SQLException e) {
            // Informational only: the daemon store (and its table) may not exist yet for a one-off sync.
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }

    @Override
    public void close() {
        try {
            if (fileLock != null) {
                fileLock.release();
                channel.close();
            }
            if (connection != null) {
                connection.close(); // ends the session, which releases the advisory lock
            }
        } catch (IOException | SQLException e) {
            // Closing the channel or session releases the lock even when this fails half-way.
        }
    }
}
