package io.ably4j.internal.channel;

import io.ably4j.AblyFuture;
import io.ably4j.ChannelState;
import io.ably4j.PaginatedResult;
import io.ably4j.RealtimeAnnotations;
import io.ably4j.Subscription;
import io.ably4j.internal.connection.ConnectionManager;
import io.ably4j.internal.connection.FrameLimits;
import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.rest.RestAnnotationsImpl;
import io.ably4j.internal.rest.RestCore;
import io.ably4j.internal.util.ClientFuture;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.Annotation;
import io.ably4j.types.AnnotationAction;
import io.ably4j.types.ChannelMode;
import io.ably4j.types.ConnectionDetails;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.PublishResult;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The public {@link RealtimeAnnotations} of one channel (RTL26, RTAN): publishes ANNOTATION protocol messages through
 * the connection's publish queue (RTAN1, RTAN2), delivers received annotations to {@link AnnotationSubscriptions}
 * (RTAN4), and reads annotations over REST (RTAN3). Arguments are checked on the caller's thread; the rest runs on
 * the client's serial executor; listeners and futures complete on the callback executor.
 */
final class AnnotationsImpl implements RealtimeAnnotations {
    private final ChannelMachine machine;
    private final PublishQueue queue;
    private final RestCore rest;
    private final AnnotationSubscriptions subscriptions;

    AnnotationsImpl(ChannelMachine machine, PublishQueue queue, RestCore rest) {
        this.machine = machine;
        this.queue = queue;
        this.rest = rest;
        this.subscriptions = new AnnotationSubscriptions(
                machine.manager().callbacks(), machine.manager().log());
    }

    // ---------------------------------------------------------------- publish, delete (RTAN1, RTAN2)

    @Override
    public AblyFuture<Void> publish(String messageSerial, Annotation annotation) {
        return send(RestAnnotationsImpl.requireSerial(messageSerial), annotation, AnnotationAction.ANNOTATION_CREATE);
    }

    @Override
    public AblyFuture<Void> publish(Message message, Annotation annotation) {
        return send(RestAnnotationsImpl.serialOf(message), annotation, AnnotationAction.ANNOTATION_CREATE);
    }

    @Override
    public AblyFuture<Void> delete(String messageSerial, Annotation annotation) {
        return send(RestAnnotationsImpl.requireSerial(messageSerial), annotation, AnnotationAction.ANNOTATION_DELETE);
    }

    @Override
    public AblyFuture<Void> delete(Message message, Annotation annotation) {
        return send(RestAnnotationsImpl.serialOf(message), annotation, AnnotationAction.ANNOTATION_DELETE);
    }

    private AblyFuture<Void> send(String messageSerial, Annotation annotation, AnnotationAction action) {
        if (annotation == null) {
            throw Errors.badArgument("annotation must not be null");
        }
        ConnectionManager manager = machine.manager();
        Annotation prepared;
        try {
            prepared = RestAnnotationsImpl.prepare(messageSerial, annotation, action); // RTAN1a
        } catch (AblyException e) {
            return ClientFuture.failed(manager.callbacks(), e);
        }
        ClientFuture<Void> f = ClientFuture.create(manager.callbacks());
        manager.executor().executeOrRun(() -> sendNow(prepared, f));
        return f;
    }

    private void sendNow(Annotation annotation, ClientFuture<Void> f) {
        ErrorInfo error = check(annotation);
        if (error != null) {
            f.settle(null, new AblyException(error));
            return;
        }
        ConnectionManager manager = machine.manager();
        WireFormat format = manager.options().useBinaryProtocol() ? WireFormat.MSGPACK : WireFormat.JSON;
        Annotation encoded;
        try {
            encoded = DataEncoding.encode(annotation, machine.options().cipher(), format); // RSAN1c3
        } catch (AblyException e) {
            f.settle(null, e);
            return;
        }
        ProtocolMessage pm = ProtocolMessage.builder(Action.ANNOTATION) // RTAN1c
                .channel(machine.name())
                .annotations(List.of(encoded))
                .build();
        // RTAN1b, RTAN1d: queued, sent, ACKed and NACKed as a message publish is
        queue.submit(pm, ClientFuture.<PublishResult>relay(manager.callbacks(), (r, err) -> f.settle(null, err)));
    }

    /** The reason the annotation must fail before anything is sent, or null (RTL6c4, RTL6g3, RSAN1a4). */
    private @Nullable ErrorInfo check(Annotation annotation) {
        if (machine.released()) { // RTS4a
            return machine.releasedError("publish an annotation");
        }
        ChannelState st = machine.state();
        if (st == ChannelState.SUSPENDED || st == ChannelState.FAILED) { // RTAN1b, RTL6c4
            return Errors.forChannelState(st, machine.name(), "publish an annotation").toBuilder()
                    .cause(machine.errorReason())
                    .build();
        }
        ConnectionManager manager = machine.manager();
        ConnectionDetails details = manager.connectionDetails();
        String clientId = details != null && details.clientId() != null
                ? details.clientId()
                : manager.options().clientId();
        String ac = annotation.clientId();
        if (ac != null && clientId != null && !"*".equals(clientId) && !ac.equals(clientId)) { // RTL6g3
            return ErrorInfo.of(
                    Errors.INVALID_CLIENT_ID,
                    400,
                    "Annotation clientId '" + ac + "' does not match the client's clientId '" + clientId + "'");
        }
        long size = DataEncoding.size(annotation);
        Integer max = details == null ? null : details.maxMessageSize();
        int limit = max != null && max > 0 ? max : ChannelImpl.DEFAULT_MAX_MESSAGE_SIZE;
        if (size > limit) { // RSAN1a4
            return ErrorInfo.of(
                    Errors.MAX_MESSAGE_SIZE_EXCEEDED,
                    400,
                    "Annotation size " + size + " bytes exceeds the maximum message size of " + limit + " bytes");
        }
        return FrameLimits.checkPublish(manager, machine.name(), size);
    }

    // ---------------------------------------------------------------- get (RTAN3)

    @Override
    public AblyFuture<PaginatedResult<Annotation>> get(String messageSerial, @Nullable Map<String, String> params) {
        return RestAnnotationsImpl.get(
                rest,
                machine.name(),
                machine.options().cipher(),
                RestAnnotationsImpl.requireSerial(messageSerial),
                params);
    }

    @Override
    public AblyFuture<PaginatedResult<Annotation>> get(Message message, @Nullable Map<String, String> params) {
        return RestAnnotationsImpl.get(
                rest, machine.name(), machine.options().cipher(), RestAnnotationsImpl.serialOf(message), params);
    }

    // ---------------------------------------------------------------- subscribe (RTAN4, RTAN5)

    @Override
    public Subscription subscribe(Consumer<Annotation> listener) {
        return subscribe((Set<String>) null, listener);
    }

    @Override
    public Subscription subscribe(String type, Consumer<Annotation> listener) {
        if (type == null) {
            throw Errors.badArgument("type must not be null");
        }
        return subscribe(Set.of(type), listener);
    }

    @Override
    public Subscription subscribe(Collection<String> types, Consumer<Annotation> listener) {
        if (types == null || types.isEmpty() || types.stream().anyMatch(t -> t == null)) {
            throw Errors.badArgument("types must be a non-empty collection without nulls");
        }
        return subscribe(Set.copyOf(new LinkedHashSet<>(types)), listener);
    }

    private Subscription subscribe(@Nullable Set<String> types, Consumer<Annotation> listener) {
        requireListener(listener);
        Subscription s = subscriptions.add(types, listener);
        ConnectionManager manager = machine.manager();
        manager.executor().execute(() -> {
            ChannelState st = machine.state();
            if (st == ChannelState.ATTACHED) {
                checkModes(); // RTAN4e
            } else if (machine.options().attachOnSubscribe() // RTAN4d, RTL7g; else no check (RTAN4e1)
                    && st != ChannelState.SUSPENDED
                    && st != ChannelState.FAILED
                    && !machine.released()) {
                machine.attach(ClientFuture.<Void>relay(manager.callbacks(), (v, error) -> {
                    if (error == null) {
                        checkModes(); // RTAN4e: once attached
                    } else {
                        manager.log()
                                .warn("Channel " + machine.name() + ": implicit attach on annotation subscribe failed: "
                                        + error.getMessage());
                    }
                }));
            }
        });
        return s;
    }

    /** RTAN4e: warns when the modes the server granted lack ANNOTATION_SUBSCRIBE. Serial executor. */
    private void checkModes() {
        if (!machine.modes().contains(ChannelMode.ANNOTATION_SUBSCRIBE)) {
            machine.manager()
                    .log()
                    .warn("Channel " + machine.name() + ": an annotation listener was added but the channel was not"
                            + " granted the ANNOTATION_SUBSCRIBE mode, so no annotation will be delivered; request it"
                            + " in ChannelOptions modes (RTAN4e, error 93001)");
        }
    }

    @Override
    public void unsubscribe(Consumer<Annotation> listener) {
        subscriptions.remove(requireListener(listener));
    }

    @Override
    public void unsubscribe(String type, Consumer<Annotation> listener) {
        if (type == null) {
            throw Errors.badArgument("type must not be null");
        }
        subscriptions.remove(type, requireListener(listener));
    }

    @Override
    public void unsubscribe() {
        subscriptions.clear();
    }

    // ---------------------------------------------------------------- inbound (RTAN4b)

    /** An ANNOTATION protocol message for this channel, already checked to be ATTACHED (RTL17). Serial executor. */
    void onAnnotations(ProtocolMessage pm) {
        List<Annotation> decoded = RestAnnotationsImpl.decodeAll(
                machine.manager().log(), machine.name(), machine.options().cipher(), pm.annotations());
        subscriptions.deliver(decoded);
    }

    private static <T> T requireListener(@Nullable T listener) {
        if (listener == null) {
            throw Errors.badArgument("listener must not be null");
        }
        return listener;
    }

    @Override
    public String toString() {
        return "RealtimeAnnotations{" + machine.name() + "}";
    }
}
