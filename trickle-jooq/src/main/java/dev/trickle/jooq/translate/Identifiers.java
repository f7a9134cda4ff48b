package dev.trickle.jooq.translate;

import java.util.ArrayList;
import java.util.List;
import org.jooq.Name;

/** PostgreSQL's identifier folding for names jOOQ parsed: unquoted parts fold to lower case, quoted parts do not. */
public final class Identifiers {
    private Identifiers() {}

    /**
     * Folds a possibly qualified name into its parts as the server sees them.
     *
     * @param name a parsed name
     * @return the parts, exactly spelled
     */
    public static List<String> parts(Name name) {
        List<String> parts = new ArrayList<>();
        for (Name part : name.parts()) {
            parts.add(fold(part));
        }
        return parts;
    }

    /**
     * Folds one unqualified name part.
     *
     * @param part the part
     * @return its spelling in the server's catalog
     */
    public static String fold(Name part) {
        String text = part.last();
        if (part.quoted() == Name.Quoted.QUOTED) {
            return text;
        }
        StringBuilder folded = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return folded.toString();
    }
}
