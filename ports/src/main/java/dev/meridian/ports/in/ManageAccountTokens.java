package dev.meridian.ports.in;

import java.util.List;

/**
 * Account tokens over the API: listed, issued and revoked by an account token. A caller sees and revokes only the
 * tokens it could have issued itself (no permission it lacks, no website it does not reach), so no token can make or
 * remove a more powerful one.
 */
public interface ManageAccountTokens {

    /**
     * The tokens the caller could have issued, oldest first, without the tokens themselves.
     *
     * @throws dev.meridian.ports.error.ForbiddenException a website key, or a token without {@code websites:read}
     */
    List<AccountTokenSummary> accountTokens(Caller caller);

    /**
     * Issues a token with the requested permissions and websites.
     *
     * @return the plain token: the only time it exists outside the client
     * @throws dev.meridian.ports.error.InvalidInputException no or unknown permissions, malformed or unknown websites
     * @throws dev.meridian.ports.error.ForbiddenException    a website key, a token without {@code websites:write}, or
     *                                                        a permission or website the caller does not have itself
     */
    IssuedAccountToken issueAccountToken(Caller caller, NewAccountToken request);

    /**
     * Revokes a token: the very next request with it is refused (the caller may revoke itself).
     *
     * @throws dev.meridian.ports.error.NotFoundException  no token with that id that the caller could have issued
     * @throws dev.meridian.ports.error.ConflictException  it is the last token with permission {@code *} on every
     *                                                     website
     * @throws dev.meridian.ports.error.ForbiddenException a website key, or a token without {@code websites:write}
     */
    void revokeAccountToken(Caller caller, String tokenId);
}
