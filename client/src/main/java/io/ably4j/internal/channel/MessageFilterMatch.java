package io.ably4j.internal.channel;

import io.ably4j.MessageFilter;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Whether a message meets a {@link MessageFilter} (RTL22a-c): every criterion set must hold. The reference criteria
 * read {@code extras.ref}; a message without extras, or whose extras are not an object, has no reference. Stateless;
 * called on the callback executor.
 */
final class MessageFilterMatch implements Predicate<Message> {
    private final MessageFilter filter;
    private final boolean needsRef;

    MessageFilterMatch(MessageFilter filter) {
        this.filter = filter;
        this.needsRef = filter.isRef() != null || filter.refTimeserial() != null || filter.refType() != null;
    }

    MessageFilter filter() {
        return filter;
    }

    @Override
    public boolean test(Message m) {
        if (filter.name() != null && !filter.name().equals(m.name())) {
            return false;
        }
        if (filter.clientId() != null && !filter.clientId().equals(m.clientId())) {
            return false;
        }
        if (!needsRef) {
            return true;
        }
        Map<?, ?> ref = ref(m.extras());
        Boolean isRef = filter.isRef();
        if (isRef != null && isRef != (ref != null)) { // RTL22b
            return false;
        }
        if (filter.refTimeserial() != null
                && (ref == null || !Objects.equals(filter.refTimeserial(), ref.get("timeserial")))) {
            return false;
        }
        return filter.refType() == null || (ref != null && Objects.equals(filter.refType(), ref.get("type")));
    }

    /** The {@code ref} object of {@code extras}, or null. */
    private static @Nullable Map<?, ?> ref(@Nullable Json extras) {
        if (extras == null || !extras.isObject()) {
            return null;
        }
        Object tree = extras.toValue();
        if (tree instanceof Map<?, ?> map && map.get("ref") instanceof Map<?, ?> ref) {
            return ref;
        }
        return null;
    }
}
