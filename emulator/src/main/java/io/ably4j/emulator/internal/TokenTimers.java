package io.ably4j.emulator.internal;

import java.time.Duration;

/**
 * A connection's token timers: at expiry the connection gets DISCONNECTED with 40142 (RTN15h), and {@code
 * authRequestLead} before it an AUTH asking the client to renew (RTN22). Engine thread only.
 */
final class TokenTimers {
    private final Engine engine;

    TokenTimers(Engine engine) {
        this.engine = engine;
    }

    /** Replaces the session's timers with those of its current credential (none for a key or a token without expiry). */
    void schedule(Session s) {
        if (s.tokenTimer != null) {
            s.tokenTimer.cancel();
            s.tokenTimer = null;
        }
        if (s.authTimer != null) {
            s.authTimer.cancel();
            s.authTimer = null;
        }
        long expires = s.credential.expires();
        if (expires == Long.MAX_VALUE) {
            return;
        }
        long now = engine.now();
        s.tokenTimer = engine.schedule(Duration.ofMillis(Math.max(0, expires - now)), () -> {
            s.tokenTimer = null;
            expired(s);
        });
        long lead = engine.config.authRequestLead().toMillis();
        // a token that does not outlive the lead gets no AUTH: asking at once would have a client whose every
        // token is that short renew in a loop
        if (lead > 0 && expires - lead > now) {
            s.authTimer = engine.schedule(Duration.ofMillis(expires - lead - now), () -> {
                s.authTimer = null;
                requestAuth(s);
            });
        }
    }

    /** Asks the client to re-authenticate before its token expires (RTN22); nothing while it has no transport. */
    private void requestAuth(Session s) {
        Transport t = s.transport;
        if (t != null && !t.closed) {
            t.send(Frame.of(Frame.AUTH));
        }
    }

    void expired(Session s) {
        Transport t = s.transport;
        if (t != null && !t.closed) {
            t.sendAndClose(
                    Frame.of(Frame.DISCONNECTED).put("error", new ErrorInfo(40142, 401, "Token expired").toMap()));
        }
    }
}
