package dev.chunkwise.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads PostgreSQL's text form of an array ({@code {1,2,NULL}}, {@code {{a,"b c"},{"\"",d}}},
 * {@code [0:1]={x,y}}) into nested lists of element texts, {@code null} for a NULL element: the
 * elements exactly as the server wrote them, quotes and backslash escapes removed.
 */
final class PgArrayText {

    private final String text;
    private int at;

    private PgArrayText(String text) {
        this.text = text;
    }

    /**
     * The elements of an array's text.
     *
     * @throws IllegalArgumentException when the text is not an array's
     */
    static List<Object> parse(String text) {
        PgArrayText reader = new PgArrayText(text);
        if (reader.peek() == '[') {
            int equals = text.indexOf('=');
            if (equals < 0) {
                throw reader.malformed();
            }
            reader.at = equals + 1;
        }
        List<Object> elements = reader.array();
        reader.skipSpace();
        if (reader.at != text.length()) {
            throw reader.malformed();
        }
        return elements;
    }

    private List<Object> array() {
        skipSpace();
        expect('{');
        List<Object> elements = new ArrayList<>();
        skipSpace();
        if (peek() == '}') {
            at++;
            return elements;
        }
        while (true) {
            skipSpace();
            char next = peek();
            if (next == '{') {
                elements.add(array());
            } else if (next == '"') {
                elements.add(quoted());
            } else {
                String item = unquoted();
                elements.add(item.equalsIgnoreCase("NULL") ? null : item);
            }
            skipSpace();
            char after = peek();
            at++;
            if (after == '}') {
                return elements;
            }
            if (after != ',') {
                throw malformed();
            }
        }
    }

    private String quoted() {
        expect('"');
        StringBuilder item = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '\\' && at < text.length()) {
                item.append(text.charAt(at++));
            } else if (c == '"') {
                return item.toString();
            } else {
                item.append(c);
            }
        }
        throw malformed();
    }

    private String unquoted() {
        int start = at;
        while (at < text.length() && text.charAt(at) != ',' && text.charAt(at) != '}') {
            at++;
        }
        return text.substring(start, at).strip();
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void expect(char wanted) {
        if (peek() != wanted) {
            throw malformed();
        }
        at++;
    }

    private IllegalArgumentException malformed() {
        return new IllegalArgumentException("not an array's text at " + at + ": " + text);
    }
}
