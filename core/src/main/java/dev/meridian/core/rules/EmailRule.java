package dev.meridian.core.rules;

/**
 * The rule of an e-mail address (API.md §8): trimmed; blank means absent ({@code null}, never {@code ""}, which
 * would make every payment without an address look like one customer's); at most 255 characters without control
 * characters. The address is not otherwise validated: payment providers send what their customers typed.
 */
public final class EmailRule {

    private EmailRule() {
    }

    public static String optional(String field, String value) {
        return TextRule.optionalLine(field, value, TextRule.MAX_LENGTH);
    }
}
