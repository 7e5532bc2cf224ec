package dev.meridian.http.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PseudonymsTest {

    private final Pseudonyms pseudonyms = Pseudonyms.standard();

    @Test
    void theSameVisitorAlwaysGetsTheSameName() {
        String visitor = "b971cbbf-7ce2-4925-902b-8f95a5fb3449";

        assertThat(Pseudonyms.standard().of(visitor)).isEqualTo(pseudonyms.of(visitor));
    }

    @Test
    void aNameIsACapitalisedAdjectiveAndAnimalFromTheWordLists() {
        String name = pseudonyms.of(UUID.randomUUID().toString());

        String[] words = name.split(" ");
        assertThat(words).hasSize(2);
        assertThat(Pseudonyms.words("adjectives.txt")).contains(words[0].toLowerCase());
        assertThat(Pseudonyms.words("animals.txt")).contains(words[1].toLowerCase());
        assertThat(words[0].charAt(0)).isUpperCase();
        assertThat(words[1].charAt(0)).isUpperCase();
    }

    @Test
    void theWordListsHoldAtLeastAHundredDistinctWordsEach() {
        for (String list : List.of("adjectives.txt", "animals.txt")) {
            List<String> words = Pseudonyms.words(list);
            assertThat(words).as(list).hasSizeGreaterThanOrEqualTo(100).doesNotHaveDuplicates()
                    .allMatch(word -> word.matches("[a-z]+"), "one lower-case word per line");
        }
    }

    @Test
    void theNameIsChosenByTheIdNotByTheOrderOfCalls() {
        Pseudonyms fixed = new Pseudonyms(List.of("amber", "brave", "calm"), List.of("otter", "lynx"));
        String first = fixed.of("visitor-1");
        fixed.of("visitor-2");

        assertThat(fixed.of("visitor-1")).isEqualTo(first);
    }

    @Test
    void differentVisitorsMostlyGetDifferentNames() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            names.add(pseudonyms.of(UUID.randomUUID().toString()));
        }

        // 200 visitors among > 10,000 names: a handful of collisions at most
        assertThat(pseudonyms.variety()).isGreaterThanOrEqualTo(10_000);
        assertThat(names).hasSizeGreaterThan(190);
    }

    @Test
    void bothWordsVaryAcrossVisitors() {
        Set<String> adjectives = new HashSet<>();
        Set<String> animals = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String[] words = pseudonyms.of("visitor-" + i).split(" ");
            adjectives.add(words[0]);
            animals.add(words[1]);
        }

        assertThat(adjectives).hasSizeGreaterThan(80);
        assertThat(animals).hasSizeGreaterThan(80);
    }

    @Test
    void emptyWordListsAreRefused() {
        assertThatThrownBy(() -> new Pseudonyms(List.of(), List.of("otter")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
