package dev.meridian.core.scoring;

import dev.meridian.ports.model.ConversionLikelihood;
import dev.meridian.ports.model.ConversionMetrics;
import dev.meridian.ports.model.VisitorDimensions;

/** A website's fitted conversion model: the baseline and a likelihood for any visitor who is not a customer. */
public interface ConversionModel {

    ConversionMetrics metrics();

    /** The likelihood of a visitor who has not paid yet (docs/scoring.md §5, first table). */
    ConversionLikelihood likelihood(VisitorDimensions visitor);
}
