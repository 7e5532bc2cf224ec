package dev.meridian.ports.in;

import java.util.List;

/**
 * A request for a new account token, as sent; the use case checks it.
 *
 * @param permissions wire names ({@code analytics:read}, …, {@code *}); required, not empty
 * @param websiteIds  the websites it may act on; {@code null} or empty: every website (only a token that reaches
 *                    every website may ask for that)
 */
public record NewAccountToken(List<String> permissions, List<String> websiteIds) {
}
