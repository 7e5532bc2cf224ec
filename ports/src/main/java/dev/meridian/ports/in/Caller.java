package dev.meridian.ports.in;

import dev.meridian.ports.model.AccountToken;

/** Who is calling, as established from a valid credential. */
public sealed interface Caller {

    /** A {@code df_} key: exactly one website, every website-scoped permission on it. */
    record WebsiteKey(String websiteId) implements Caller {
    }

    /** A {@code dft_} account token. */
    record Account(AccountToken token) implements Caller {
    }
}
