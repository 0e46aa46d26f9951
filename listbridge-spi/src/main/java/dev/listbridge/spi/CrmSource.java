package dev.listbridge.spi;

import java.util.List;
import java.util.function.Consumer;

/**
 * The company's own customer database.
 *
 * <ol>
 *   <li>{@link #readContacts} streams: memory does not grow with the number of rows.</li>
 *   <li>{@link #writeBack} runs a batch in one transaction; statements must be idempotent in effect,
 *       since a batch whose commit succeeded but whose acknowledgement was lost is run again.</li>
 *   <li>A statement that changes no row is a success (0 in the result).</li>
 * </ol>
 * Failures: {@link RetriableException} when the database cannot be reached or the connection drops;
 * {@link InvalidConfigException} for a query or statement the database refuses.
 */
public interface CrmSource extends AutoCloseable {

    /** Connects and runs the contacts query with no rows, to test it. */
    void checkConnection();

    /** The number of rows of the contacts query, with no audience filter. */
    long countContacts();

    /** Streams every contact of the selection to {@code sink}, in no particular order. */
    void readContacts(ContactSelection selection, Consumer<CrmContact> sink);

    /**
     * Runs a batch of write-backs in one transaction.
     *
     * @return the rows each statement changed, in order
     */
    List<Integer> writeBack(List<WriteBack> batch);

    @Override
    void close();
}
