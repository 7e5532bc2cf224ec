package dev.meridian.app.metrics;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A Prometheus text exposition read back into samples: name, labels, value. */
public final class PrometheusText {

    private final Map<Sample, Double> samples = new HashMap<>();

    private PrometheusText() {
    }

    public static PrometheusText parse(String text) {
        PrometheusText parsed = new PrometheusText();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                String inside = line.substring(brace + 1, line.lastIndexOf('}'));
                for (String pair : inside.split(",(?=[a-zA-Z_]+=\")")) {
                    if (pair.isBlank()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    labels.put(pair.substring(0, eq), pair.substring(eq + 2, pair.length() - 1));
                }
            } else {
                name = line.substring(0, space);
            }
            parsed.samples.put(new Sample(name, labels), Double.parseDouble(line.substring(space + 1).trim()));
        }
        return parsed;
    }

    /** The value of the sample with exactly these labels, or 0 when there is none. */
    public double value(String name, String... labelPairs) {
        Map<String, String> wanted = new HashMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            wanted.put(labelPairs[i], labelPairs[i + 1]);
        }
        return samples.getOrDefault(new Sample(name, wanted), 0.0);
    }

    /** Whether any sample has this name. */
    public boolean has(String name) {
        return samples.keySet().stream().anyMatch(s -> s.name.equals(name));
    }

    /** The sum over every sample with this name whose labels include these. */
    public double sum(String name, String... labelPairs) {
        double sum = 0;
        outer:
        for (Map.Entry<Sample, Double> e : samples.entrySet()) {
            if (!e.getKey().name.equals(name)) {
                continue;
            }
            for (int i = 0; i < labelPairs.length; i += 2) {
                if (!labelPairs[i + 1].equals(e.getKey().labels.get(labelPairs[i]))) {
                    continue outer;
                }
            }
            sum += e.getValue();
        }
        return sum;
    }

    private record Sample(String name, Map<String, String> labels) {
        Sample {
            Objects.requireNonNull(name);
            labels = Map.copyOf(labels);
        }
    }
}
