package dev.meridian.core.revenue;

import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Exchange rates for revenue figures (docs/scoring.md §6): each rate says what one unit of a currency is worth in
 * the reference currency ({@code EUR=1.08} with reference {@code USD}: 1 EUR = 1.08 USD). An amount converts
 * between two currencies through the reference. A currency without a rate converts to nothing; the first
 * time a currency is found without a rate it is reported (by default a warning in the log), never again.
 *
 * <p>Immutable apart from the set of currencies already reported; thread-safe.
 */
public final class CurrencyRates {

    private static final System.Logger LOG = System.getLogger(CurrencyRates.class.getName());
    /** Converted amounts keep this many decimal places. */
    static final int SCALE = 6;

    private final String reference;
    private final Map<String, BigDecimal> rates;
    private final Consumer<String> missingRate;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    private CurrencyRates(String reference, Map<String, BigDecimal> rates, Consumer<String> missingRate) {
        this.reference = reference;
        this.rates = Map.copyOf(rates);
        this.missingRate = missingRate;
    }

    /** No rates: only amounts already in the wanted currency count (reference {@code USD}). */
    public static CurrencyRates none() {
        return of("USD", Map.of());
    }

    /**
     * @param reference     ISO 4217 code the rates are expressed in (its own rate is 1)
     * @param ratesPerUnit  currency code → value of one unit in {@code reference}; each rate positive
     * @throws IllegalArgumentException an unknown currency code or a rate that is not positive, named
     */
    public static CurrencyRates of(String reference, Map<String, BigDecimal> ratesPerUnit) {
        String ref = code(reference);
        Map<String, BigDecimal> checked = new LinkedHashMap<>();
        ratesPerUnit.forEach((currency, rate) -> {
            String c = code(currency);
            if (rate == null || rate.signum() <= 0) {
                throw new IllegalArgumentException("the exchange rate of " + c + " must be positive, got " + rate);
            }
            checked.put(c, rate);
        });
        BigDecimal own = checked.put(ref, BigDecimal.ONE);
        if (own != null && own.compareTo(BigDecimal.ONE) != 0) {
            throw new IllegalArgumentException("the reference currency " + ref + " has the rate 1, not " + own);
        }
        return new CurrencyRates(ref, checked, CurrencyRates::logMissing);
    }

    /**
     * Reads a rate table written as {@code EUR=1.08,GBP=1.27} (entries separated by commas, semicolons or
     * white space; codes in any case). An empty or blank table has no rates.
     *
     * @throws IllegalArgumentException an entry that is not {@code CODE=positive decimal}, named
     */
    public static CurrencyRates parse(String reference, String table) {
        Map<String, BigDecimal> rates = new LinkedHashMap<>();
        if (table != null && !table.isBlank()) {
            for (String entry : table.strip().split("[,;\\s]+")) {
                int eq = entry.indexOf('=');
                if (eq <= 0 || eq == entry.length() - 1) {
                    throw new IllegalArgumentException("currency rate '" + entry + "' is not CODE=rate (e.g. EUR=1.08)");
                }
                BigDecimal rate;
                try {
                    rate = new BigDecimal(entry.substring(eq + 1).strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("currency rate '" + entry + "' has no decimal rate");
                }
                String currency = entry.substring(0, eq).strip();
                if (rates.put(code(currency), rate) != null) {
                    throw new IllegalArgumentException("currency rate of " + currency + " is given twice");
                }
            }
        }
        return of(reference, rates);
    }

    /** The same rates, reporting a currency without a rate to {@code listener} (once per currency). */
    public CurrencyRates onMissingRate(Consumer<String> listener) {
        return new CurrencyRates(reference, rates, Objects.requireNonNull(listener, "listener"));
    }

    public String reference() {
        return reference;
    }

    /** The configured rates, the reference's own rate 1 included. */
    public Map<String, BigDecimal> rates() {
        return rates;
    }

    /**
     * {@code amount} of {@code from} in {@code to}: unchanged when both are the same currency, else through the
     * reference, rounded half-even to 6 decimal places.
     *
     * @return empty when either currency has no rate (reported once per currency)
     */
    public Optional<BigDecimal> convert(BigDecimal amount, String from, String to) {
        String source = from.toUpperCase(Locale.ROOT);
        String target = to.toUpperCase(Locale.ROOT);
        if (source.equals(target)) {
            return Optional.of(amount);
        }
        BigDecimal fromRate = rateOf(source);
        BigDecimal toRate = rateOf(target);
        if (fromRate == null || toRate == null) {
            return Optional.empty();
        }
        BigDecimal converted = amount.multiply(fromRate).divide(toRate, MathContext.DECIMAL128)
                .setScale(SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return Optional.of(converted.scale() < 0 ? converted.setScale(0) : converted);
    }

    private BigDecimal rateOf(String currency) {
        BigDecimal rate = rates.get(currency);
        if (rate == null && reported.add(currency)) {
            missingRate.accept(currency);
        }
        return rate;
    }

    private static void logMissing(String currency) {
        LOG.log(Level.WARNING, "No exchange rate for " + currency + ": payments in " + currency
                + " count as conversions but add no revenue until a rate is configured");
    }

    private static String code(String currency) {
        if (currency == null) {
            throw new IllegalArgumentException("a currency code is missing");
        }
        String upper = currency.strip().toUpperCase(Locale.ROOT);
        try {
            return Currency.getInstance(upper).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + currency + "' is not an ISO 4217 currency code");
        }
    }
}
