package io.ably4j;

import io.ably4j.types.AblyException;
import io.ably4j.types.Annotation;
import io.ably4j.types.ChannelMode;
import io.ably4j.types.Message;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The annotations of the messages of a {@link RealtimeChannel} (RTAN): publish and delete annotations over the
 * connection, receive the annotations others publish, and read a message's annotations over HTTP. Obtain it from
 * {@link RealtimeChannel#annotations()}; this interface is not meant to be implemented outside the library.
 *
 * <p>An annotation needs a {@link Annotation#type() type} (such as {@code "reactions:distinct.v1"}), whose suffix
 * selects how Ably aggregates it into the annotated message's summary: subscribers of the channel's messages receive
 * the summary as a message with action {@link io.ably4j.types.MessageAction#MESSAGE_SUMMARY} and {@link
 * Message#annotations()} populated. Individual annotations are delivered only to channels attached with the {@link
 * ChannelMode#ANNOTATION_SUBSCRIBE} mode ({@link ChannelOptions} modes); publishing needs {@link
 * ChannelMode#ANNOTATION_PUBLISH}, which Ably grants by default when the key allows it.
 *
 * <h2>Threading</h2>
 *
 * <p>All methods are thread-safe and non-blocking. Operations are handed to the client's serial executor and take
 * effect in call order. Listeners and the completions of returned futures run on the client's callback executor
 * ({@link ClientOptions#callbackExecutor()}), one at a time and in order; a listener that throws is logged and
 * ignored. A failed future completes exceptionally with an {@link AblyException} carrying the Ably error code. A null
 * argument, or an empty message serial or type, throws {@link AblyException} (40003 or 40000) at once in the calling
 * thread; nothing is sent then.
 */
public interface RealtimeAnnotations {
    /**
     * Publishes {@code annotation} for the message with serial {@code messageSerial}: an {@code ANNOTATION} protocol
     * message carrying the annotation with its action set to {@code ANNOTATION_CREATE} (RTAN1a, RTAN1c). Sent, queued
     * or refused by the connection and channel state as {@link RealtimeChannel#publish} is (RTAN1b, RTL6c): it fails
     * at once when the channel is SUSPENDED or FAILED. Does not attach the channel.
     *
     * @param messageSerial the serial of the message annotated
     * @param annotation the annotation; its {@code type} is required (RSAN1a3)
     * @return a future completed when Ably acknowledges the annotation, or failed with the NACK's error (RTAN1d); also
     *     failed with 40003 when the type is missing, 40009 when the annotation exceeds the maximum message size,
     *     40012 for a clientId other than the client's, 40013 for unsupported data
     */
    AblyFuture<Void> publish(String messageSerial, Annotation annotation);

    /**
     * As {@link #publish(String, Annotation)}, for {@code message}, which must have a {@link Message#serial() serial}
     * (RSAN1a1).
     *
     * @param message the message annotated, as received from Ably
     * @param annotation the annotation; its {@code type} is required
     * @return a future completed when Ably acknowledges the annotation
     */
    AblyFuture<Void> publish(Message message, Annotation annotation);

    /**
     * As {@link #publish(String, Annotation)}, with the action {@code ANNOTATION_DELETE} (RTAN2a).
     *
     * @param messageSerial the serial of the message annotated
     * @param annotation the annotation to delete; its {@code type} is required
     * @return a future completed when Ably acknowledges the deletion
     */
    AblyFuture<Void> delete(String messageSerial, Annotation annotation);

    /**
     * As {@link #delete(String, Annotation)}, for {@code message}, which must have a {@link Message#serial() serial}.
     *
     * @param message the message annotated, as received from Ably
     * @param annotation the annotation to delete; its {@code type} is required
     * @return a future completed when Ably acknowledges the deletion
     */
    AblyFuture<Void> delete(Message message, Annotation annotation);

    /**
     * The first page of the annotations of a message, over HTTP: as {@link RestAnnotations#get(String, Map)} (RTAN3a).
     *
     * @param messageSerial the serial of the message annotated
     * @param params query parameters (such as {@code limit}), or null
     * @return a future completed with the first page of annotations
     */
    AblyFuture<PaginatedResult<Annotation>> get(String messageSerial, @Nullable Map<String, String> params);

    /**
     * As {@link #get(String, Map)}, for {@code message}, which must have a {@link Message#serial() serial}.
     *
     * @param message the message annotated, as received from Ably
     * @param params query parameters (such as {@code limit}), or null
     * @return a future completed with the first page of annotations
     */
    AblyFuture<PaginatedResult<Annotation>> get(Message message, @Nullable Map<String, String> params);

    /**
     * Registers {@code listener} for every annotation received on the channel (RTAN4a, RTAN4b), decoded like message
     * data. Unless {@link ChannelOptions#attachOnSubscribe()} is false, attaches the channel if it is not attached, as
     * {@link RealtimeChannel#subscribe(Consumer)} does (RTAN4d). Once the channel is attached, logs a warning if Ably
     * did not grant the {@link ChannelMode#ANNOTATION_SUBSCRIBE} mode, without which no annotation arrives (RTAN4e);
     * not checked when {@code attachOnSubscribe} is false and the channel is not attached (RTAN4e1).
     *
     * @param listener called on the callback executor with each annotation
     * @return a handle whose {@code close()} removes the listener
     */
    Subscription subscribe(Consumer<Annotation> listener);

    /**
     * As {@link #subscribe(Consumer)}, for annotations whose type equals {@code type} only (RTAN4c).
     *
     * @param type the annotation type to receive
     * @param listener called on the callback executor with each matching annotation
     * @return a handle whose {@code close()} removes the listener
     */
    Subscription subscribe(String type, Consumer<Annotation> listener);

    /**
     * As {@link #subscribe(Consumer)}, for annotations with any of {@code types} (RTAN4c).
     *
     * @param types the annotation types to receive; non-empty, without nulls
     * @param listener called on the callback executor with each matching annotation
     * @return a handle whose {@code close()} removes the listener
     */
    Subscription subscribe(Collection<String> types, Consumer<Annotation> listener);

    /**
     * Removes every registration of {@code listener} (RTAN5a). An annotation already handed to the callback executor
     * is not delivered to it afterwards.
     *
     * @param listener the listener to remove
     */
    void unsubscribe(Consumer<Annotation> listener);

    /**
     * Removes {@code type} from the registrations of {@code listener} (RTAN5a); a registration left without types is
     * removed, a registration for every annotation is unaffected.
     *
     * @param type the annotation type to stop receiving
     * @param listener the listener
     */
    void unsubscribe(String type, Consumer<Annotation> listener);

    /** Removes every annotation listener of the channel (RTAN5a). */
    void unsubscribe();
}
