package dev.meridian.useragent;

import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.out.DeviceDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** How well a detector's answers match the corpus labels, per dimension, over the labelled (non-*) cells. */
record CorpusScore(Dimension browser, Dimension os, Dimension device, Dimension robot, List<String> misses) {

    record Dimension(int right, int assessed) {
        double accuracy() {
            return assessed == 0 ? 1.0 : (double) right / assessed;
        }

        @Override
        public String toString() {
            return String.format("%d/%d = %.1f%%", right, assessed, 100 * accuracy());
        }
    }

    static CorpusScore of(DeviceDetector detector, List<UserAgentCorpus.Entry> corpus) {
        int[] right = new int[4];
        int[] assessed = new int[4];
        List<String> misses = new ArrayList<>();
        for (UserAgentCorpus.Entry entry : corpus) {
            ClientDevice got = detector.detect(entry.userAgent());
            String[] expected = {entry.browser(), entry.os(), entry.deviceType(), String.valueOf(entry.robot())};
            String[] actual = {got.system().browser(), got.system().os(), got.system().deviceType(),
                String.valueOf(got.robot())};
            for (int i = 0; i < 4; i++) {
                if (expected[i].equals(UserAgentCorpus.NOT_ASSESSED)) {
                    continue;
                }
                assessed[i]++;
                if (Objects.equals(expected[i], actual[i])) {
                    right[i]++;
                } else {
                    misses.add(new String[] {"browser", "os", "device", "robot"}[i] + ": expected " + expected[i]
                            + ", got " + actual[i] + " for " + entry.userAgent());
                }
            }
        }
        return new CorpusScore(new Dimension(right[0], assessed[0]), new Dimension(right[1], assessed[1]),
                new Dimension(right[2], assessed[2]), new Dimension(right[3], assessed[3]), misses);
    }
}
