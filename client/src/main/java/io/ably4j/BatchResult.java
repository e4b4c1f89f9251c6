package io.ably4j;

import java.util.List;

/**
 * The outcome of a batch operation: one result per item of the batch, each a success or a failure of its own, with the
 * counts of each. Spec: BAR1, BAR2. A batch in which some items failed is not itself a failure: the operation's future
 * completes with this value, and only a failure of the whole request (bad input, authentication, network) fails it.
 *
 * @param successCount the number of items that succeeded (BAR2a)
 * @param failureCount the number of items that failed (BAR2b)
 * @param results one result per item, in the order of the request (BAR2c); unmodifiable
 * @param <T> the type of the results, a sealed type of the operation's success and failure results
 */
public record BatchResult<T>(int successCount, int failureCount, List<T> results) {
    /**
     * Copies {@code results}.
     *
     * @param successCount the number of items that succeeded
     * @param failureCount the number of items that failed
     * @param results one result per item, in the order of the request (copied)
     */
    public BatchResult {
        results = List.copyOf(results);
    }
}
