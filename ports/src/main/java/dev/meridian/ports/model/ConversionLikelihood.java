package dev.meridian.ports.model;

import java.util.List;

/**
 * How likely a visitor is to buy (docs/scoring.md §5). Values are unrounded; the JSON writer rounds.
 *
 * @param score            0–99 for visitors, 100 for customers; 50 is "like the average visitor"
 * @param confidence       0–1
 * @param isBaseline       no dimension of the visitor matched a feature
 * @param dimensionMatches matching dimensions in the order device, os, browser, country, referrer
 * @param conversionRate   predicted conversion probability P
 * @param averageValue     predicted value of a conversion V
 * @param expectedValue    P · V
 */
public record ConversionLikelihood(
        int score,
        double confidence,
        boolean isBaseline,
        List<String> dimensionMatches,
        double conversionRate,
        double averageValue,
        double expectedValue) {

    public ConversionLikelihood {
        dimensionMatches = List.copyOf(dimensionMatches);
    }
}
