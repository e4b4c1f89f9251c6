package io.ably4j.interop;

import io.ably4j.WebSocketEngine;

/** Every case of {@link Ably4jJavaInteropTest} (ably4j and ably-java 1.5.0, both directions, all format pairs) with ably4j on its NIO engine. */
class Ably4jJavaNioInteropTest extends Ably4jJavaInteropTest {
    @Override
    WebSocketEngine engine() {
        return WebSocketEngine.NIO;
    }
}
