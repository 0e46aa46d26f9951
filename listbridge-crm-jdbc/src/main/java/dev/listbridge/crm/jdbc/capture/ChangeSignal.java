package dev.listbridge.crm.jdbc.capture;

import java.time.Duration;

/** What a feed waits on between polls: see {@link ChangeFeed#awaitChange}. */
interface ChangeSignal extends AutoCloseable {

    boolean await(Duration max);

    @Override
    void close();
}
