package io.ably4j.emulator.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The filter of a derived channel ({@code [filter=<base64>]name}): a subset of JMESPath, as Ably's subscription filters
 * use, evaluated against each message. The expression sees an object with the message's {@code name}, {@code clientId}
 * and {@code headers} (its {@code extras.headers}); a missing field is {@code null}.
 *
 * <pre>
 * or      := and ('||' and)*
 * and     := not ('&amp;&amp;' not)*
 * not     := '!' not | compare
 * compare := operand (('==' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') operand)?
 * operand := '(' or ')' | path | 'raw string' | `json literal` | number | true | false | null
 * path    := field ('.' field)*          field := identifier | "quoted identifier"
 * </pre>
 *
 * <p>Semantics as JMESPath: {@code ==}/{@code !=} compare values (numbers by value); ordering applies to numbers only
 * (otherwise null); {@code &&}, {@code ||} and {@code !} use truthiness (false, null, empty string, list or object are
 * false). Bare numbers and {@code true}/{@code false}/{@code null} are accepted as literals for convenience. A message
 * matches when the result is truthy. Immutable; {@link #parse} throws {@link ErrorInfo} 40000 for a bad expression.
 */
final class FilterExpression {
    /** A node of the parsed expression. */
    private interface Node {
        @Nullable
        Object eval(Map<String, Object> root);
    }

    private final String text;
    private final Node root;

    private FilterExpression(String text, Node root) {
        this.text = text;
        this.root = root;
    }

    String text() {
        return text;
    }

    /** The deepest nesting of parentheses and {@code !} accepted. */
    static final int MAX_DEPTH = 64;
    /** The most {@code &&} and {@code ||} operators accepted in one expression. */
    static final int MAX_OPERATORS = 256;

    /** Parses {@code text}; throws 40000 with the position of the first error (also for too deep or long ones). */
    static FilterExpression parse(String text) throws ErrorInfo {
        Parser p = new Parser(text);
        Node n = p.or();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected '" + text.charAt(p.pos) + "'");
        }
        return new FilterExpression(text, n);
    }

    /** Whether the message (a wire map) matches. */
    boolean matches(Map<String, Object> message) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", message.get("name"));
        view.put("clientId", message.get("clientId"));
        if (message.get("extras") instanceof Map<?, ?> extras && extras.get("headers") != null) {
            view.put("headers", extras.get("headers"));
        }
        return truthy(root.eval(view));
    }

    static boolean truthy(@Nullable Object v) {
        if (v == null || Boolean.FALSE.equals(v)) {
            return false;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    private static boolean valueEquals(@Nullable Object a, @Nullable Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return Objects.equals(a, b);
    }

    private static final class Parser {
        private final String s;
        int pos;
        /** Nesting of parentheses and {@code !}; bounded so that parsing and evaluation cannot overflow the stack. */
        private int depth;
        /** The {@code ||} and {@code &&} so far: each adds a level to the evaluation, so they are bounded too. */
        private int operators;

        Parser(String s) {
            this.s = s;
        }

        ErrorInfo error(String why) {
            return new ErrorInfo(40000, 400, "Invalid filter expression at " + pos + ": " + why);
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private void enter() throws ErrorInfo {
            if (++depth > MAX_DEPTH) {
                throw error("nested more than " + MAX_DEPTH + " levels deep");
            }
        }

        private void countOperator() throws ErrorInfo {
            if (++operators > MAX_OPERATORS) {
                throw error("more than " + MAX_OPERATORS + " '&&' and '||' operators");
            }
        }

        boolean take(String token) {
            skipSpace();
            if (s.startsWith(token, pos)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        Node or() throws ErrorInfo {
            Node left = and();
            while (take("||")) {
                countOperator();
                Node l = left;
                Node r = and();
                left = root -> {
                    Object v = l.eval(root);
                    return truthy(v) ? v : r.eval(root);
                };
            }
            return left;
        }

        Node and() throws ErrorInfo {
            Node left = not();
            while (take("&&")) {
                countOperator();
                Node l = left;
                Node r = not();
                left = root -> {
                    Object v = l.eval(root);
                    return truthy(v) ? r.eval(root) : v;
                };
            }
            return left;
        }

        Node not() throws ErrorInfo {
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == '!' && !s.startsWith("!=", pos)) {
                pos++;
                enter();
                Node inner = not();
                depth--;
                return root -> !truthy(inner.eval(root));
            }
            return compare();
        }

        Node compare() throws ErrorInfo {
            Node left = operand();
            for (String op : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
                if (take(op)) {
                    Node right = operand();
                    return comparison(op, left, right);
                }
            }
            return left;
        }

        private static Node comparison(String op, Node left, Node right) {
            return root -> {
                Object a = left.eval(root);
                Object b = right.eval(root);
                if (op.equals("==")) {
                    return valueEquals(a, b);
                }
                if (op.equals("!=")) {
                    return !valueEquals(a, b);
                }
                if (!(a instanceof Number x) || !(b instanceof Number y)) {
                    return null;
                }
                int c = Double.compare(x.doubleValue(), y.doubleValue());
                return switch (op) {
                    case "<" -> c < 0;
                    case "<=" -> c <= 0;
                    case ">" -> c > 0;
                    default -> c >= 0;
                };
            };
        }

        Node operand() throws ErrorInfo {
            skipSpace();
            if (pos >= s.length()) {
                throw error("expression ends early");
            }
            char c = s.charAt(pos);
            if (c == '(') {
                pos++;
                enter();
                Node inner = or();
                depth--;
                if (!take(")")) {
                    throw error("missing ')'");
                }
                return inner;
            }
            if (c == '\'') {
                Object v = rawString();
                return root -> v;
            }
            if (c == '`') {
                Object v = jsonLiteral();
                return root -> v;
            }
            if (c == '-' || Character.isDigit(c)) {
                Object v = number();
                return root -> v;
            }
            if (c == '"' || isIdentStart(c)) {
                return path();
            }
            throw error("unexpected '" + c + "'");
        }

        private Object rawString() throws ErrorInfo {
            StringBuilder out = new StringBuilder();
            pos++;
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < s.length() && (s.charAt(pos) == '\'' || s.charAt(pos) == '\\')) {
                    out.append(s.charAt(pos++));
                } else if (c == '\'') {
                    return out.toString();
                } else {
                    out.append(c);
                }
            }
            throw error("unterminated string");
        }

        private @Nullable Object jsonLiteral() throws ErrorInfo {
            int end = s.indexOf('`', pos + 1);
            if (end < 0) {
                throw error("unterminated literal");
            }
            String json = s.substring(pos + 1, end).replace("\\`", "`").trim();
            try {
                Object v = json.equals("null") ? null : Wire.decodeJson(json);
                pos = end + 1;
                return v;
            } catch (Wire.MalformedException | RuntimeException e) {
                throw error("bad JSON literal " + json);
            }
        }

        private Object number() throws ErrorInfo {
            int start = pos;
            if (s.charAt(pos) == '-') {
                pos++;
            }
            while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                pos++;
            }
            String n = s.substring(start, pos);
            try {
                return n.contains(".") ? (Object) Double.parseDouble(n) : (Object) Long.parseLong(n);
            } catch (NumberFormatException e) {
                throw error("bad number " + n);
            }
        }

        private Node path() throws ErrorInfo {
            List<String> fields = new ArrayList<>();
            fields.add(field());
            if (fields.size() == 1 && isKeyword(fields.get(0))) {
                Object v = keyword(fields.get(0));
                return root -> v;
            }
            while (pos < s.length() && s.charAt(pos) == '.') {
                pos++;
                fields.add(field());
            }
            return root -> {
                Object v = root;
                for (String f : fields) {
                    if (!(v instanceof Map<?, ?> m)) {
                        return null;
                    }
                    v = m.get(f);
                }
                return v;
            };
        }

        private String field() throws ErrorInfo {
            if (pos < s.length() && s.charAt(pos) == '"') {
                int end = pos + 1;
                StringBuilder out = new StringBuilder();
                while (end < s.length() && s.charAt(end) != '"') {
                    if (s.charAt(end) == '\\' && end + 1 < s.length()) {
                        end++;
                    }
                    out.append(s.charAt(end++));
                }
                if (end >= s.length()) {
                    throw error("unterminated quoted identifier");
                }
                pos = end + 1;
                return out.toString();
            }
            if (pos >= s.length() || !isIdentStart(s.charAt(pos))) {
                throw error("identifier expected");
            }
            int start = pos;
            while (pos < s.length() && (isIdentStart(s.charAt(pos)) || Character.isDigit(s.charAt(pos)))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private static boolean isKeyword(String f) {
            return f.equals("true") || f.equals("false") || f.equals("null");
        }

        private static @Nullable Object keyword(String f) {
            return f.equals("null") ? null : Boolean.valueOf(f);
        }

        private static boolean isIdentStart(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        }
    }
}
