package dev.meridian.ports.model;

/** A website's baseline conversion rate p0 and average value v0 (docs/scoring.md §2). */
public record ConversionMetrics(double baselineConversionRate, double baselineAverageValue) {
}
