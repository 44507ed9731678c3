package dev.chunkwise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A scan's description cannot work: an unknown table or column, a name given twice, an order that
 * is not total and no key to make it so, a filter the database rejects. Thrown when the scan is
 * built, before any row is read.
 *
 * <p>Besides its message it says, as data, which part of the description is wrong
 * ({@link #part()}), and it can word itself with another caller's names for those parts
 * ({@link #message(Function)}): a message that refers to a part names it, as the builder call
 * ({@code key(...)}) by default, and one that does not is prefixed with the wrong part's name when
 * worded with another caller's names, so that a command line can say {@code --key: ...} and
 * {@code name a unique key with --key} without parsing the text.
 */
public class ScanDefinitionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** A part of a scan's description, as the builder sets it. */
    public enum Part {
        /** {@link Scan.Builder#table(String)}. */
        TABLE("table(...)"),
        /** {@link Scan.Builder#columns(String...)}. */
        COLUMNS("columns(...)"),
        /** {@link Scan.Builder#where(String, Object...)}. */
        FILTER("where(...)"),
        /** {@link Scan.Builder#orderBy(String)} and its other forms. */
        ORDER("orderBy(...)"),
        /** {@link Scan.Builder#key(String...)}. */
        KEY("key(...)");

        private final String builderCall;

        Part(String builderCall) {
            this.builderCall = builderCall;
        }

        /** How the builder sets this part: {@code key(...)}. */
        public String builderCall() {
            return builderCall;
        }
    }

    private final Part part;
    private final List<Object> text;

    /**
     * @param part the part of the description that is wrong
     * @param cause the failure behind it, or null
     * @param text the message: strings, and {@link Part}s where it names a part
     */
    public ScanDefinitionException(Part part, Throwable cause, Object... text) {
        super(render(Arrays.asList(text), Part::builderCall), cause);
        this.part = Objects.requireNonNull(part, "part");
        List<Object> pieces = new ArrayList<>();
        for (Object piece : text) {
            pieces.add(piece instanceof Part ? piece : String.valueOf(piece));
        }
        this.text = List.copyOf(pieces);
    }

    /** The part of the scan's description that is wrong. */
    public Part part() {
        return part;
    }

    /**
     * The message, naming each part it refers to as {@code naming} does ({@code
     * failure.message(part -> "--" + part.name().toLowerCase())}); a message that refers to none
     * starts with the name of {@link #part()} and a colon. {@link #getMessage()} names the parts
     * it refers to by {@link Part#builderCall()}, without that prefix.
     */
    public String message(Function<? super Part, String> naming) {
        boolean refersToPart = text.stream().anyMatch(piece -> piece instanceof Part);
        return (refersToPart ? "" : naming.apply(part) + ": ") + render(text, naming);
    }

    private static String render(List<Object> text, Function<? super Part, String> naming) {
        StringBuilder message = new StringBuilder();
        for (Object piece : text) {
            message.append(piece instanceof Part ? naming.apply((Part) piece) : String.valueOf(piece));
        }
        return message.toString();
    }
}
