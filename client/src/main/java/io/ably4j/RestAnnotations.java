package io.ably4j;

import io.ably4j.types.AblyException;
import io.ably4j.types.Annotation;
import io.ably4j.types.Message;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The annotations of the messages of a {@link RestChannel}, over HTTP (RSAN): publish and delete annotations of a
 * message, and read a message's annotations. Obtain it from {@link RestChannel#annotations()}; this interface is not
 * meant to be implemented outside the library.
 *
 * <p>A message is identified by its {@code serial} ({@link Message#serial()}, assigned by Ably). An annotation needs
 * a {@link Annotation#type() type} (such as {@code "reactions:distinct.v1"}), whose suffix selects how Ably
 * aggregates it into the message's summary; its other fields ({@code name}, {@code clientId}, {@code count}, {@code
 * data}, {@code extras}) are optional. {@code data} is encoded, and encrypted with the channel's cipher, like message
 * data (RSL4, RSL5).
 *
 * <h2>Threading</h2>
 *
 * <p>All methods are thread-safe and non-blocking. Returned futures complete on the client's callback executor ({@link
 * ClientOptions#callbackExecutor()}); a failed future completes exceptionally with an {@link AblyException} carrying
 * the Ably error code. A null argument, or an empty message serial, throws {@link AblyException} (40003) at once in
 * the calling thread; nothing is sent then.
 */
public interface RestAnnotations {
    /**
     * Publishes {@code annotation} for the message with serial {@code messageSerial}: a {@code POST
     * /channels/{name}/messages/{messageSerial}/annotations} with the annotation, its action set to {@code
     * ANNOTATION_CREATE} (RSAN1). With {@link ClientOptions#idempotentRestPublishing()}, an annotation without an id is
     * given a random one (RSAN1c4).
     *
     * @param messageSerial the serial of the message annotated
     * @param annotation the annotation; its {@code type} is required
     * @return a future completed when Ably accepts the annotation; failed with 40003 when the type is missing, 40009
     *     when the annotation exceeds the maximum message size, 40013 for unsupported data, or the error Ably returns
     */
    AblyFuture<Void> publish(String messageSerial, Annotation annotation);

    /**
     * As {@link #publish(String, Annotation)}, for {@code message}, which must have a {@link Message#serial() serial}
     * (RSAN1a1).
     *
     * @param message the message annotated, as received from Ably
     * @param annotation the annotation; its {@code type} is required
     * @return a future completed when Ably accepts the annotation
     */
    AblyFuture<Void> publish(Message message, Annotation annotation);

    /**
     * As {@link #publish(String, Annotation)}, with the action {@code ANNOTATION_DELETE}: removes this client's
     * contribution to the message's summary for the annotation's type (and name, depending on the type) (RSAN2).
     *
     * @param messageSerial the serial of the message annotated
     * @param annotation the annotation to delete; its {@code type} is required
     * @return a future completed when Ably accepts the deletion
     */
    AblyFuture<Void> delete(String messageSerial, Annotation annotation);

    /**
     * As {@link #delete(String, Annotation)}, for {@code message}, which must have a {@link Message#serial() serial}.
     *
     * @param message the message annotated, as received from Ably
     * @param annotation the annotation to delete; its {@code type} is required
     * @return a future completed when Ably accepts the deletion
     */
    AblyFuture<Void> delete(Message message, Annotation annotation);

    /**
     * The first page of the annotations of the message with serial {@code messageSerial}: a {@code GET
     * /channels/{name}/messages/{messageSerial}/annotations} with {@code params} in the query (RSAN3), each annotation
     * decoded (and decrypted with the channel's cipher) like a message (TAN3).
     *
     * @param messageSerial the serial of the message annotated
     * @param params query parameters (such as {@code limit}), or null
     * @return a future completed with the first page of annotations
     */
    AblyFuture<PaginatedResult<Annotation>> get(String messageSerial, @Nullable Map<String, String> params);

    /**
     * As {@link #get(String, Map)}, for {@code message}, which must have a {@link Message#serial() serial} (RSAN3a).
     *
     * @param message the message annotated, as received from Ably
     * @param params query parameters (such as {@code limit}), or null
     * @return a future completed with the first page of annotations
     */
    AblyFuture<PaginatedResult<Annotation>> get(Message message, @Nullable Map<String, String> params);
}
