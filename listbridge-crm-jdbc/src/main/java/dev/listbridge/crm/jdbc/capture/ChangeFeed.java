package dev.listbridge.crm.jdbc.capture;

import java.time.Duration;

/**
 * The keys of CRM contacts that changed, as the {@code queue} and {@code watermark} capture modes
 * see them (DESIGN.md section 7). Made by {@link ChangeFeeds#open}.
 *
 * <ol>
 *   <li>{@link #poll} hands out a batch of changed keys and the position after it. Keys may come more
 *       than once (a duplicate only costs a read: the cycle's diff is idempotent); a key whose contact
 *       was deleted comes too, and reading it returns no row.</li>
 *   <li>The caller reads and syncs the batch's contacts, stores {@link ChangeBatch#position()}, then
 *       calls {@link #acknowledge}; only then the next {@link #poll}. A poll without the acknowledge
 *       before it hands out the same changes again, which is what a retry after a failed sync needs.</li>
 *   <li>While {@link ChangeBatch#more()} is true, poll again at once; else {@link #awaitChange}.</li>
 *   <li>{@link #close()} frees the connections; it may be called from another thread to end a wait.</li>
 * </ol>
 * One feed per CRM, used by one thread. In {@code queue} mode an acknowledge deletes queue rows, so
 * a batch's keys must have reached every audience before it is acknowledged. Changes the feed cannot
 * see (in {@code watermark} mode deletions and changes in other tables than the watched one, in both
 * modes changes in joined tables) are found by the nightly full reconcile.
 * <p>
 * Failures: {@link dev.listbridge.spi.RetriableException} when the CRM cannot be reached,
 * {@link dev.listbridge.spi.InvalidConfigException} when the table, a column or the queue table is
 * missing (naming the config key).
 */
public interface ChangeFeed extends AutoCloseable {

    /**
     * Keys changed after {@code position} (null = from the beginning), oldest first, distinct, at
     * most {@code max} keys.
     *
     * <ul>
     *   <li>{@code queue}: the oldest rows still in the queue table. The queue is its own cursor (rows
     *       leave it on {@link #acknowledge}), so {@code position} does not narrow the read: a row that
     *       committed after a younger one (ids are handed out at insert, commits land in any order)
     *       is still found. The batch's position is the id of its newest row.</li>
     *   <li>{@code watermark}: rows whose updated-at value is at or after the position's, ordered by
     *       that value and the key. The position is the newest value seen as ISO 8601 text (rows sharing
     *       it are read again by the next poll, for the few seconds a timestamp is young, so that a row
     *       committed late with the same value is not missed), or {@code <value>|<key>} to page
     *       through many rows sharing one value.</li>
     * </ul>
     *
     * @param max the most keys to return, at least 1
     */
    ChangeBatch poll(String position, int max);

    /**
     * After the batch's contacts were synced and the new position stored: lets the feed forget them
     * ({@code queue}: deletes the batch's rows from the queue table; {@code watermark}: nothing).
     * Idempotent; a batch this feed did not hand out is ignored (its rows come again).
     */
    void acknowledge(ChangeBatch batch);

    /**
     * Blocks until a change may be waiting or {@code max} passed; true when woken by a notification
     * (PostgreSQL LISTEN/NOTIFY in {@code queue} mode), false on timeout. Also true right after the
     * listening connection was (re)opened or lost, since notifications may have been missed then:
     * poll at once. {@code queue} feeds on other databases, and {@code watermark} feeds, sleep
     * {@code crm.pollInterval} (at most {@code max}) and return false. Interruptible: an interrupt
     * ends the wait with false and leaves the thread's interrupt flag set.
     */
    boolean awaitChange(Duration max);

    /**
     * The position of the newest change now, to store before a full reconcile starts so that the
     * feed goes on from there instead of from the beginning; null when there is none ({@code queue}:
     * always null, since the queue is its own cursor).
     */
    default String latestPosition() {
        return null;
    }

    @Override
    void close();
}
