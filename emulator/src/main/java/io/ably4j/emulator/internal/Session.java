package io.ably4j.emulator.internal;

import io.ably4j.emulator.EmulatorClock.Cancellable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The server-side state of one realtime connection, which outlives its transports for
 * connectionStateTtl so that the client can resume. Confined to the engine thread.
 */
final class Session {
    static final int MAX_REMEMBERED_REPLIES = 1000;

    /**
     * A channel attachment: granted modes, echoed params, and whether the connection lost its
     * transport since the last ATTACH. An attachment awaiting re-attach receives no MESSAGE/PRESENCE
     * until the client re-sends ATTACH (RTN15c6, RTL4c1): the ATTACHED, the replay from the client's
     * channelSerial and only then live frames keep the client's channelSerial cursor from jumping
     * over the backlog.
     */
    record Attachment(int modes, Map<String, Object> params, boolean awaitingReattach) {
        Attachment awaiting() {
            return awaitingReattach ? this : new Attachment(modes, params, true);
        }
    }

    final String id;
    /** The app the connection's key belongs to: the only app whose channels it can use. */
    final App app;

    final List<String> keys = new ArrayList<>();
    Auth.Credential credential;

    @Nullable
    String clientId;

    boolean echo;

    @Nullable
    Transport transport;

    String format = "json";
    boolean disposed;
    boolean heartbeatsSuppressed;
    int keySequence;
    long highestSerial = -1;

    /**
     * The reply to a publish, kept to answer a duplicate of the same msgSerial: the ACK's publish results, or the
     * NACK.
     */
    record Reply(@Nullable List<Object> serials, @Nullable Frame nack) {
        Frame frame(long msgSerial) {
            return nack != null ? nack : ChannelService.ack(msgSerial, serials);
        }
    }

    /** The replies to the last {@link #MAX_REMEMBERED_REPLIES} publishes. */
    final ReplyLog replies = new ReplyLog(MAX_REMEMBERED_REPLIES);

    final Map<String, Attachment> attachments = new LinkedHashMap<>();
    /** Per channel attached with {@code delta=vcdiff}: the base of the next delta ({@link Deltas}). */
    final Map<String, Deltas.Base> deltaBases = new HashMap<>();
    /** Channels whose members of this connection left when its leave grace expired: re-attached without RESUMED. */
    final Set<String> presenceLost = new HashSet<>();

    @Nullable
    Cancellable ttlTimer;

    @Nullable
    Cancellable graceTimer;

    @Nullable
    Cancellable tokenTimer;

    /** Sends the server-initiated AUTH (RTN22) {@code authRequestLead} before the token expires. */
    @Nullable
    Cancellable authTimer;

    Session(String id, App app, Auth.Credential credential, @Nullable String clientId, boolean echo) {
        this.id = id;
        this.app = app;
        this.credential = credential;
        this.clientId = clientId;
        this.echo = echo;
    }

    /** Remembers the reply to a publish of {@code msgSerial}. */
    void remember(long msgSerial, Reply reply) {
        highestSerial = Math.max(highestSerial, msgSerial);
        replies.put(msgSerial, reply);
    }

    /** Issues a new connection key (a new one on every CONNECTED). */
    String newKey() {
        String key = id + "!" + Auth.randomId(12) + "-" + keySequence++;
        keys.add(key);
        return key;
    }

    /** The transport went away or was replaced: hold every channel's fan-out until its re-ATTACH. */
    void awaitReattach() {
        attachments.replaceAll((name, a) -> a.awaiting());
    }

    void cancelTimers() {
        for (Cancellable c : new Cancellable[] {ttlTimer, graceTimer, tokenTimer, authTimer}) {
            if (c != null) {
                c.cancel();
            }
        }
        ttlTimer = null;
        graceTimer = null;
        tokenTimer = null;
        authTimer = null;
    }
}
