package io.ably4j.bench.sdk;

import io.ably.lib.realtime.CompletionListener;
import io.ably.lib.rest.AblyRest;
import io.ably.lib.types.AblyException;
import io.ably.lib.types.ClientOptions;
import io.ably.lib.types.ErrorInfo;
import io.ably.lib.util.Log;

/**
 * ably-java 1.5.0's {@link AblyRest} with the settings the benchmark uses: REST host localhost, plain HTTP on the
 * emulator's port, no fallback hosts, key auth, msgpack ({@code useBinaryProtocol}), errors-only logging; all other
 * options at their defaults. {@code publish} is {@code publishAsync(name, data, listener)}: ably-java runs each
 * request as a blocking call of its HTTP engine (OkHttp 4.12 here: ably-java picks it when it is on the class path, as
 * the {@code User-Agent} it sends shows) on its async HTTP pool ({@code asyncHttpThreadpoolSize}, 64 by default), and
 * calls the listener on that pool's thread.
 */
final class AblyJavaRestClient implements RestSdkClient {
    private final AblyRest rest;

    private AblyJavaRestClient(AblyRest rest) {
        this.rest = rest;
    }

    static AblyJavaRestClient create(SdkClient.Config config) {
        ClientOptions o = new ClientOptions();
        o.key = config.key();
        o.restHost = "localhost";
        o.realtimeHost = "localhost";
        o.port = config.port();
        o.tls = false;
        o.environment = null;
        o.fallbackHosts = new String[0];
        o.useBinaryProtocol = true;
        o.logLevel = Log.ERROR;
        try {
            return new AblyJavaRestClient(new AblyRest(o));
        } catch (AblyException e) {
            throw new IllegalStateException("ably-java REST client creation failed", e);
        }
    }

    @Override
    public void publish(String channel, String data, SdkClient.AckListener done) {
        rest.channels.get(channel).publishAsync("m", data, new CompletionListener() {
            @Override
            public void onSuccess() {
                done.done(true);
            }

            @Override
            public void onError(ErrorInfo reason) {
                done.done(false);
            }
        });
    }
}
