package io.ably4j.interop;

import io.ably4j.WebSocketEngine;

/** Every case of {@link Ably4jJsInteropTest} (ably4j and ably-js 2.28, both directions, all format pairs) with ably4j on its NIO engine. */
class Ably4jJsNioInteropTest extends Ably4jJsInteropTest {
    @Override
    WebSocketEngine engine() {
        return WebSocketEngine.NIO;
    }
}
