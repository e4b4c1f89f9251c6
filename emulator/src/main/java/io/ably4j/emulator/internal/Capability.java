package io.ably4j.emulator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An Ably capability: resource pattern to operations. Patterns: {@code *} (any channel without a
 * qualifier), {@code ns:*} (prefix), exact names, {@code [*]*} (anything) and {@code [q]name}.
 * Immutable.
 */
public final class Capability {
    public static final Capability ALL = new Capability(Map.of("*", Set.of("*")));
    private static final Set<String> OPS = Set.of(
            "*",
            "publish",
            "subscribe",
            "presence",
            "history",
            "stats",
            "channel-metadata",
            "push-subscribe",
            "push-admin",
            "privileged-headers",
            "object-subscribe",
            "object-publish",
            "annotation-publish",
            "annotation-subscribe",
            "message-update-own",
            "message-update-any",
            "message-delete-own",
            "message-delete-any");

    private final TreeMap<String, TreeSet<String>> grants;

    private Capability(Map<String, ? extends Set<String>> grants) {
        this.grants = new TreeMap<>();
        grants.forEach((k, v) -> this.grants.put(k, new TreeSet<>(v)));
    }

    /**
     * Parses the JSON form and validates it: a JSON object whose every value is a non-empty array of known
     * operation names, {@code "*"} only on its own, and no empty resource name. Anything else is refused with
     * 40000/400. An empty object parses to the empty capability (which grants nothing).
     */
    public static Capability parse(String json) throws ErrorInfo {
        Map<String, Object> map;
        try {
            map = Wire.decodeJsonObject(json);
        } catch (Wire.MalformedException e) {
            throw invalid("not a JSON object (" + e.getMessage() + ")");
        }
        TreeMap<String, TreeSet<String>> grants = new TreeMap<>();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            String resource = e.getKey();
            if (resource.isEmpty()) {
                throw invalid("empty resource name");
            }
            if (!(e.getValue() instanceof List<?> list)) {
                throw invalid("operations for " + resource + " must be an array");
            }
            if (list.isEmpty()) {
                throw invalid("empty operation list for " + resource);
            }
            TreeSet<String> ops = new TreeSet<>();
            for (Object op : list) {
                if (!(op instanceof String opName) || !OPS.contains(opName)) {
                    throw invalid("unknown operation " + op + " for " + resource);
                }
                ops.add(opName);
            }
            if (ops.contains("*") && ops.size() > 1) {
                throw invalid("\"*\" cannot be combined with other operations for " + resource);
            }
            grants.put(resource, ops);
        }
        return new Capability(grants);
    }

    private static ErrorInfo invalid(String detail) {
        return new ErrorInfo(40000, 400, "Invalid capability: " + detail);
    }

    /** Canonical JSON (sorted resources and operations). */
    public String toJson() {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        grants.forEach((k, v) -> out.put(k, new ArrayList<Object>(v)));
        return Wire.encodeJson(out);
    }

    public boolean isEmpty() {
        return grants.isEmpty();
    }

    /** Whether {@code op} is permitted on channel {@code channel}. */
    public boolean allows(String channel, String op) {
        for (Map.Entry<String, TreeSet<String>> e : grants.entrySet()) {
            if (matches(e.getKey(), channel)
                    && (e.getValue().contains("*") || e.getValue().contains(op))) {
                return true;
            }
        }
        return false;
    }

    /** Whether any operation at all is permitted on the channel. */
    public boolean allowsAny(String channel) {
        for (String pattern : grants.keySet()) {
            if (matches(pattern, channel)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String pattern, String channel) {
        if (pattern.equals("[*]*")) {
            return true;
        }
        boolean qualified = channel.startsWith("[");
        if (pattern.startsWith("[")) {
            int pe = pattern.indexOf(']');
            int ce = channel.indexOf(']');
            if (pe < 0 || !qualified || ce < 0) {
                return false;
            }
            String pq = pattern.substring(0, pe + 1);
            String cq = channel.substring(0, ce + 1);
            if (!pq.equals("[*]") && !pq.equals(cq)) {
                return false;
            }
            return matchesName(pattern.substring(pe + 1), channel.substring(ce + 1));
        }
        if (qualified) {
            return false;
        }
        return matchesName(pattern, channel);
    }

    private static boolean matchesName(String pattern, String name) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith(":*")) {
            return name.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(name);
    }

    /**
     * The intersection of a requested capability with this (granting) one: each requested resource
     * keeps the operations this capability grants on it. Empty when nothing is granted.
     */
    public Capability intersect(Capability requested) {
        TreeMap<String, TreeSet<String>> out = new TreeMap<>();
        for (Map.Entry<String, TreeSet<String>> req : requested.grants.entrySet()) {
            for (Map.Entry<String, TreeSet<String>> mine : grants.entrySet()) {
                String resource;
                if (covers(mine.getKey(), req.getKey())) {
                    resource = req.getKey();
                } else if (covers(req.getKey(), mine.getKey())) {
                    resource = mine.getKey();
                } else {
                    continue;
                }
                TreeSet<String> ops = out.computeIfAbsent(resource, k -> new TreeSet<>());
                for (String op : req.getValue()) {
                    if (mine.getValue().contains("*")) {
                        ops.add(op);
                    } else if (op.equals("*")) {
                        ops.addAll(mine.getValue());
                    } else if (mine.getValue().contains(op)) {
                        ops.add(op);
                    }
                }
                if (ops.contains("*")) {
                    ops.retainAll(Set.of("*"));
                }
            }
        }
        out.values().removeIf(TreeSet::isEmpty);
        return new Capability(out);
    }

    /** Whether every channel matched by {@code resource} is matched by {@code pattern}. */
    private static boolean covers(String pattern, String resource) {
        if (pattern.equals(resource) || pattern.equals("[*]*")) {
            return true;
        }
        if (resource.equals("[*]*")) {
            return false;
        }
        if (pattern.equals("*")) {
            return !resource.startsWith("[");
        }
        if (pattern.endsWith(":*")) {
            String prefix = pattern.substring(0, pattern.length() - 1);
            return resource.startsWith(prefix);
        }
        return matches(pattern, resource) && !resource.endsWith("*");
    }

    @Override
    public boolean equals(@org.jspecify.annotations.Nullable Object o) {
        return o instanceof Capability c && c.grants.equals(grants);
    }

    @Override
    public int hashCode() {
        return grants.hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
