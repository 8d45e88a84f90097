package io.tokenshare.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.window.IsoWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertsQueryTest {

    private static Map<String, Object> alert(String key, String kind, String week, String detectedAt) {
        return Map.of("alertKey", key, "kind", kind, "weekStart", week, "detectedAt", detectedAt);
    }

    private final Map<String, Object> crossover =
            alert("cn-us|CN,US|2026-03-23|up", "CROSSOVER", "2026-03-23", "2026-12-01T10:00:00Z");
    private final Map<String, Object> surge =
            alert("surge|CN|2026-03-23", "SURGE", "2026-03-23", "2026-12-01T10:00:05Z");
    private final Map<String, Object> back =
            alert("cn-us|CN,US|2026-04-06|down", "CROSSOVER", "2026-04-06", "2026-12-01T10:00:01Z");
    private final Map<String, Object> early =
            alert("peak|CN|2026-02-23|peak", "TURNING_POINT", "2026-02-23", "2026-12-01T10:00:09Z");

    @Test
    void filtersByFirstWeekAndKind() {
        AlertsQuery fromMarch = new AlertsQuery(Optional.of(IsoWeek.parse("2026-03-23")), Optional.empty());
        AlertsQuery crossovers = new AlertsQuery(Optional.empty(), Optional.of("CROSSOVER"));

        assertThat(List.of(crossover, surge, back, early))
                .filteredOn(fromMarch::wanted)
                .containsExactly(crossover, surge, back);
        assertThat(List.of(crossover, surge, back, early))
                .filteredOn(crossovers::wanted)
                .containsExactly(crossover, back);
    }

    @Test
    void newestWeekFirstThenLatestDetectedThenKey() {
        List<Map<String, Object>> alerts = new ArrayList<>(List.of(early, crossover, back, surge));
        alerts.sort(AlertsQuery.NEWEST_FIRST);
        assertThat(alerts).containsExactly(back, surge, crossover, early);
    }

    @Test
    void parametersRebuildTheSameQueryOnAPeer() {
        AlertsQuery query = new AlertsQuery(Optional.of(IsoWeek.parse("2026-03-23")), Optional.of("SURGE"));
        assertThat(query.parameters()).isEqualTo(Map.of("from", "2026-03-23", "kind", "SURGE"));
        assertThat(new AlertsQuery(Optional.empty(), Optional.empty()).parameters())
                .isEmpty();
    }
}
