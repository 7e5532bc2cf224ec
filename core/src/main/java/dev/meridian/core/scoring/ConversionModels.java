package dev.meridian.core.scoring;

import java.util.Optional;

/** Where the realtime map gets a website's conversion model from. */
@FunctionalInterface
public interface ConversionModels {

    /**
     * The website's current model, or empty when its history is below the minimums (or no model has been
     * built yet). Never waits on a rebuild that is already running.
     */
    Optional<ConversionModel> forWebsite(String websiteId);

    /** No model for any website: the map never shows predictions. */
    ConversionModels NONE = websiteId -> Optional.empty();
}
