package io.ably4j.emulator.junit;

import java.lang.reflect.Executable;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** Finds the capabilities that {@link EmulatorKey} annotations of a test class ask for. Stateless. */
final class KeyPlan {
    private KeyPlan() {}

    /**
     * The distinct capability texts named by {@link EmulatorKey#capability()} on the parameters of {@code testClass}'s
     * constructors and methods, of its superclasses and of its inner (for example {@code @Nested}) classes, sorted so
     * that key names do not depend on reflection order.
     */
    static SortedSet<String> capabilities(Class<?> testClass) {
        SortedSet<String> out = new TreeSet<>();
        scan(testClass, out, new HashSet<>());
        return out;
    }

    private static void scan(Class<?> type, Set<String> out, Set<Class<?>> seen) {
        for (@Nullable Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (!seen.add(c)) {
                return;
            }
            for (Executable e : c.getDeclaredConstructors()) {
                collect(e, out);
            }
            for (Executable e : c.getDeclaredMethods()) {
                collect(e, out);
            }
            for (Class<?> inner : c.getDeclaredClasses()) {
                if (!Modifier.isStatic(inner.getModifiers())) {
                    scan(inner, out, seen);
                }
            }
        }
    }

    private static void collect(Executable e, Set<String> out) {
        for (Parameter p : e.getParameters()) {
            EmulatorKey key = p.getAnnotation(EmulatorKey.class);
            if (key != null && !key.capability().isEmpty()) {
                out.add(key.capability());
            }
        }
    }

    /** The app id of a key {@code appId.keyId:secret}. */
    static String appId(String key) {
        int dot = key.indexOf('.');
        return dot > 0 ? key.substring(0, dot) : key;
    }
}
