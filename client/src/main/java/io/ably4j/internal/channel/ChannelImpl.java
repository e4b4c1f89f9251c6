package io.ably4j.internal.channel;

import io.ably4j.AblyFuture;
import io.ably4j.ChannelEvent;
import io.ably4j.ChannelOptions;
import io.ably4j.ChannelProperties;
import io.ably4j.ChannelState;
import io.ably4j.ChannelStateChange;
import io.ably4j.HistoryParams;
import io.ably4j.MessageFilter;
import io.ably4j.PaginatedResult;
import io.ably4j.RealtimeAnnotations;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimePresence;
import io.ably4j.Subscription;
import io.ably4j.internal.connection.ConnectionManager;
import io.ably4j.internal.connection.FrameLimits;
import io.ably4j.internal.presence.RealtimePresenceImpl;
import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.rest.ChannelQueries;
import io.ably4j.internal.rest.MessageEdits;
import io.ably4j.internal.rest.RestCore;
import io.ably4j.internal.util.ClientFuture;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.ChannelMode;
import io.ably4j.types.ConnectionDetails;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Message;
import io.ably4j.types.MessageAction;
import io.ably4j.types.MessageOperation;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.PublishResult;
import io.ably4j.types.UpdateDeleteResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The public {@link RealtimeChannel} facade: validates arguments on the caller's thread, then hands the work to the
 * {@link ChannelMachine} on the serial executor. Also holds the channel's {@link ChannelInbound} and {@link
 * ConnectionFollower}, through which the registry drives it.
 */
final class ChannelImpl implements RealtimeChannel {
    /** The default maximum message size (TO3l8), until the server sends one (CD2c). */
    static final int DEFAULT_MAX_MESSAGE_SIZE = 65536;

    private final ChannelMachine machine;
    private final ChannelInbound inbound;
    private final ConnectionFollower follower;
    private final PublishQueue queue;
    private final ConnectionManager manager;
    private final RestCore rest;
    private final RealtimePresenceImpl presence;
    private final RealtimeEdits edits;

    private final AnnotationsImpl annotations;

    ChannelImpl(
            String name,
            ChannelOptions options,
            ConnectionManager manager,
            PublishQueue queue,
            ChannelObservers observers,
            RestCore rest,
            LongSupplier wallClock) {
        this.machine = new ChannelMachine(name, options, manager, observers);
        this.rest = rest;
        this.inbound = new ChannelInbound(machine);
        this.follower = new ConnectionFollower(machine);
        this.queue = queue;
        this.manager = manager;
        this.edits = new RealtimeEdits(machine, manager, queue);
        this.presence = new RealtimePresenceImpl(
                new ChannelPresenceHost(machine, queue),
                wallClock,
                params -> ChannelQueries.presenceHistory(
                        rest, name, machine.options().cipher(), params)); // RTP12a
        this.annotations = new AnnotationsImpl(machine, queue, rest); // RTL26
        inbound.annotationSink(annotations::onAnnotations);
    }

    ChannelMachine machine() {
        return machine;
    }

    /** Where the registry routes this channel's protocol messages (serial executor). */
    ChannelInbound inbound() {
        return inbound;
    }

    /** Where the registry routes connection state changes (serial executor). */
    ConnectionFollower follower() {
        return follower;
    }

    /** The channel's presence, also as the {@link io.ably4j.internal.presence.PresenceRouter} reaches it. */
    RealtimePresenceImpl presenceImpl() {
        return presence;
    }

    @Override
    public String name() {
        return machine.name();
    }

    @Override
    public RealtimePresence presence() { // RTL9a
        return presence;
    }

    @Override
    public ChannelState state() {
        return machine.state();
    }

    @Override
    public @Nullable ErrorInfo errorReason() {
        return machine.errorReason();
    }

    @Override
    public ChannelProperties properties() {
        return new ChannelProperties(machine.attachSerial(), machine.channelSerial());
    }

    @Override
    public ChannelOptions options() {
        return machine.options();
    }

    @Override
    public Map<String, String> params() {
        return machine.params();
    }

    @Override
    public Set<ChannelMode> modes() {
        return machine.modes();
    }

    @Override
    public AblyFuture<Void> attach() {
        ClientFuture<Void> f = ClientFuture.create(manager.callbacks());
        manager.executor().execute(() -> machine.attach(f));
        return f;
    }

    @Override
    public AblyFuture<Void> detach() {
        ClientFuture<Void> f = ClientFuture.create(manager.callbacks());
        manager.executor().execute(() -> machine.detach(f));
        return f;
    }

    @Override
    public AblyFuture<Void> setOptions(ChannelOptions options) {
        if (options == null) {
            throw invalid("options must not be null");
        }
        ClientFuture<Void> f = ClientFuture.create(manager.callbacks());
        manager.executor().execute(() -> machine.setOptions(options, f));
        return f;
    }

    // ---------------------------------------------------------------- subscriptions

    @Override
    public Subscription subscribe(Consumer<Message> listener) {
        return subscribe((Set<String>) null, listener);
    }

    @Override
    public Subscription subscribe(String name, Consumer<Message> listener) {
        if (name == null) {
            throw invalid("name must not be null");
        }
        return subscribe(Set.of(name), listener);
    }

    @Override
    public Subscription subscribe(Collection<String> names, Consumer<Message> listener) {
        if (names == null || names.isEmpty() || containsNull(names)) {
            throw invalid("names must be a non-empty collection without nulls");
        }
        return subscribe(Set.copyOf(new LinkedHashSet<>(names)), listener);
    }

    private Subscription subscribe(@Nullable Set<String> names, Consumer<Message> listener) {
        requireListener(listener);
        Subscription s = machine.subscriptions().add(names, listener);
        attachOnSubscribe();
        return s;
    }

    /** RTL7g, on the serial executor. */
    private void attachOnSubscribe() {
        manager.executor().execute(() -> {
            ChannelState st = machine.state();
            if (machine.options().attachOnSubscribe() // RTL7g: the options as of now, on the serial executor
                    && (st == ChannelState.INITIALIZED
                            || st == ChannelState.DETACHING
                            || st == ChannelState.DETACHED)) {
                AblyFuture<Void> f = new ImplicitAttach();
                machine.attach(f);
            }
        });
    }

    /** The future of an implicit attach (RTL7g): nobody waits on it, so a failure is logged instead. */
    private final class ImplicitAttach extends AblyFuture<Void> {
        @Override
        public boolean completeExceptionally(Throwable ex) {
            manager.log().warn("Channel " + name() + ": implicit attach on subscribe failed: " + ex.getMessage());
            return super.completeExceptionally(ex);
        }
    }

    @Override
    public void unsubscribe(Consumer<Message> listener) {
        machine.subscriptions().remove(requireListener(listener));
    }

    @Override
    public void unsubscribe(String name, Consumer<Message> listener) {
        if (name == null) {
            throw invalid("name must not be null");
        }
        machine.subscriptions().remove(name, requireListener(listener));
    }

    @Override
    public void unsubscribe() {
        machine.subscriptions().clear();
    }

    @Override
    public Subscription subscribe(MessageFilter filter, Consumer<Message> listener) {
        if (filter == null) {
            throw invalid("filter must not be null");
        }
        requireListener(listener);
        Subscription s = machine.subscriptions().add(new MessageFilterMatch(filter), listener);
        attachOnSubscribe();
        return s;
    }

    @Override
    public void unsubscribe(MessageFilter filter, Consumer<Message> listener) {
        if (filter == null) {
            throw invalid("filter must not be null");
        }
        machine.subscriptions().remove(filter, requireListener(listener));
    }

    // ---------------------------------------------------------------- state events

    @Override
    public Subscription on(Consumer<ChannelStateChange> listener) {
        return machine.emitter().on(null, requireListener(listener), false);
    }

    @Override
    public Subscription on(ChannelEvent event, Consumer<ChannelStateChange> listener) {
        return machine.emitter().on(requireEvent(event), requireListener(listener), false);
    }

    @Override
    public Subscription once(Consumer<ChannelStateChange> listener) {
        return machine.emitter().on(null, requireListener(listener), true);
    }

    @Override
    public Subscription once(ChannelEvent event, Consumer<ChannelStateChange> listener) {
        return machine.emitter().on(requireEvent(event), requireListener(listener), true);
    }

    @Override
    public AblyFuture<@Nullable ChannelStateChange> whenState(ChannelState state) {
        if (state == null) {
            throw invalid("state must not be null");
        }
        // Completed by a listener (RTL25b), so waiting for it on the callback executor fails fast.
        ClientFuture<@Nullable ChannelStateChange> result = ClientFuture.completedByListener(manager.callbacks());
        manager.executor().execute(() -> {
            if (machine.state() == state) {
                manager.callbacks().execute(() -> result.complete(null)); // RTL25a
            } else {
                machine.emitter().on(state.event(), result::complete, true); // RTL25b
            }
        });
        return result;
    }

    // ---------------------------------------------------------------- publish

    @Override
    public AblyFuture<PublishResult> publish(@Nullable String name, @Nullable Object data) {
        Message.Builder b = Message.builder().name(name);
        try {
            b.data(data);
        } catch (AblyException e) {
            return AblyFuture.failed(e); // known on the caller's thread: failed already
        }
        return publish(List.of(b.build()));
    }

    @Override
    public AblyFuture<PublishResult> publish(Message... messages) {
        if (messages == null) {
            throw invalid("messages must not be null");
        }
        return publish(Arrays.asList(messages));
    }

    @Override
    public AblyFuture<PublishResult> publish(List<Message> messages) {
        if (messages == null || messages.isEmpty() || containsNull(messages)) {
            throw invalid("messages must be a non-empty list without nulls");
        }
        List<Message> copy = List.copyOf(messages);
        ClientFuture<PublishResult> f = ClientFuture.create(manager.callbacks());
        // Run on the caller's thread when the client is idle: publishing is non-blocking and saves a hand-off.
        manager.executor().executeOrRun(() -> publishNow(copy, f));
        return f;
    }

    private void publishNow(List<Message> messages, AblyFuture<PublishResult> f) {
        ErrorInfo error = checkPublish(messages);
        if (error != null) {
            failPublish(f, error);
            return;
        }
        WireFormat format = manager.options().useBinaryProtocol() ? WireFormat.MSGPACK : WireFormat.JSON;
        List<Message> encoded = new ArrayList<>(messages.size());
        try {
            for (Message m : messages) {
                encoded.add(DataEncoding.encode(m, machine.options().cipher(), format)); // RSL4, RSL5
            }
        } catch (AblyException e) {
            failPublish(f, e.errorInfo());
            return;
        }
        ProtocolMessage pm = ProtocolMessage.builder(Action.MESSAGE)
                .channel(name())
                .messages(encoded)
                .build();
        queue.submit(pm, f); // RTL6c1, RTL6c2, RTL6c4; never attaches (RTL6c5)
    }

    /** The reason a publish must fail before anything is sent, or null (RTL6c4, RSL1i, RTL6g3, RSL4a). */
    private @Nullable ErrorInfo checkPublish(List<Message> messages) {
        if (machine.released()) { // RTS4a: inert
            return machine.releasedError("publish");
        }
        ChannelState st = machine.state();
        if (st == ChannelState.SUSPENDED || st == ChannelState.FAILED) { // RTL6c4
            return Errors.forChannelState(st, name(), "publish").toBuilder()
                    .cause(machine.errorReason())
                    .build();
        }
        String clientId = identifiedClientId();
        long size = 0;
        for (Message m : messages) {
            String mc = m.clientId();
            if (mc != null && clientId != null && !"*".equals(clientId) && !mc.equals(clientId)) { // RTL6g3
                return ErrorInfo.of(
                        Errors.INVALID_CLIENT_ID,
                        400,
                        "Message clientId '" + mc + "' does not match the client's clientId '" + clientId + "'");
            }
            try {
                size += DataEncoding.size(m); // TM6
            } catch (AblyException e) {
                return e.errorInfo();
            }
        }
        int max = maxMessageSize();
        if (size > max) { // RSL1i
            return ErrorInfo.of(
                    Errors.MAX_MESSAGE_SIZE_EXCEEDED,
                    400,
                    "Message size " + size + " bytes exceeds the maximum message size of " + max + " bytes");
        }
        return FrameLimits.checkPublish(manager, name(), size);
    }

    private @Nullable String identifiedClientId() {
        ConnectionDetails d = manager.connectionDetails();
        if (d != null && d.clientId() != null) {
            return d.clientId();
        }
        return manager.options().clientId();
    }

    private int maxMessageSize() {
        ConnectionDetails d = manager.connectionDetails();
        Integer max = d == null ? null : d.maxMessageSize();
        return max != null && max > 0 ? max : DEFAULT_MAX_MESSAGE_SIZE;
    }

    private void failPublish(AblyFuture<PublishResult> f, ErrorInfo error) {
        ClientFuture.fail(manager.callbacks(), f, new AblyException(error));
    }

    // ---------------------------------------------------------------- history

    @Override
    public AblyFuture<PaginatedResult<Message>> history(@Nullable HistoryParams params) {
        String fromSerial = null;
        if (params != null && params.untilAttach()) { // RTL10b
            ChannelState st = machine.state();
            fromSerial = machine.attachSerial();
            if (st != ChannelState.ATTACHED || fromSerial == null) {
                ErrorInfo error = Errors.channelInvalidState("history with untilAttach needs channel " + name()
                        + " to be ATTACHED with an attachSerial; it is " + st);
                return rest.deliver(CompletableFuture.failedFuture(new AblyException(error)));
            }
        }
        return ChannelQueries.history(rest, name(), machine.options().cipher(), params, fromSerial); // RTL10a
    }

    // ---------------------------------------------------------------- mutable messages (RTL28, RTL31, RTL32)

    @Override
    public AblyFuture<Message> getMessage(String serial) {
        return MessageEdits.get(rest, name(), machine.options().cipher(), MessageEdits.requireArg(serial, "serial"));
    }

    @Override
    public AblyFuture<Message> getMessage(Message message) {
        Message m = MessageEdits.requireArg(message, "message");
        return MessageEdits.get(rest, name(), machine.options().cipher(), m.serial()); // RTL28: as REST
    }

    @Override
    public AblyFuture<PaginatedResult<Message>> getMessageVersions(
            String serial, @Nullable Map<String, String> params) {
        String s = MessageEdits.requireArg(serial, "serial");
        return MessageEdits.versions(rest, name(), machine.options().cipher(), s, MessageEdits.params(params));
    }

    @Override
    public AblyFuture<PaginatedResult<Message>> getMessageVersions(
            Message message, @Nullable Map<String, String> params) {
        Message m = MessageEdits.requireArg(message, "message");
        return MessageEdits.versions(
                rest, name(), machine.options().cipher(), m.serial(), MessageEdits.params(params)); // RTL31: as REST
    }

    @Override
    public AblyFuture<UpdateDeleteResult> updateMessage(
            Message message, @Nullable MessageOperation operation, @Nullable Map<String, String> params) {
        return edits.send(
                MessageEdits.requireArg(message, "message"), MessageAction.MESSAGE_UPDATE, operation, params); // RTL32
    }

    @Override
    public AblyFuture<UpdateDeleteResult> deleteMessage(
            Message message, @Nullable MessageOperation operation, @Nullable Map<String, String> params) {
        return edits.send(MessageEdits.requireArg(message, "message"), MessageAction.MESSAGE_DELETE, operation, params);
    }

    @Override
    public AblyFuture<UpdateDeleteResult> appendMessage(
            Message message, @Nullable MessageOperation operation, @Nullable Map<String, String> params) {
        return edits.send(MessageEdits.requireArg(message, "message"), MessageAction.MESSAGE_APPEND, operation, params);
    }

    // ---------------------------------------------------------------- helpers

    private static <T> T requireListener(@Nullable T listener) {
        if (listener == null) {
            throw invalid("listener must not be null");
        }
        return listener;
    }

    private static ChannelEvent requireEvent(@Nullable ChannelEvent event) {
        if (event == null) {
            throw invalid("event must not be null");
        }
        return event;
    }

    /** Null-safe for immutable collections, whose {@code contains(null)} throws. */
    private static boolean containsNull(Collection<?> c) {
        for (Object o : c) {
            if (o == null) {
                return true;
            }
        }
        return false;
    }

    static AblyException invalid(String message) {
        return Errors.badArgument(message);
    }

    @Override
    public RealtimeAnnotations annotations() { // RTL26
        return annotations;
    }

    @Override
    public String toString() {
        return "RealtimeChannel{" + name() + ", " + state() + "}";
    }
}
