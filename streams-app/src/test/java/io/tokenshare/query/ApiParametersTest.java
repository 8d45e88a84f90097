package io.tokenshare.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenshare.avro.ShareDimension;
import io.tokenshare.window.IsoWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ApiParametersTest {

    private static final Set<String> ACCEPTED = Set.of("dimension", "basis", "limit", "from", "to", "member", "kind");

    private static ApiParameters query(Map<String, List<String>> parameters) {
        return ApiParameters.of(parameters, ACCEPTED);
    }

    private static ApiParameters query(String name, String value) {
        return query(Map.of(name, List.of(value)));
    }

    private static void assertBadRequest(ThrowingCallable call, String parameter, String... saying) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BadRequestException.class, e -> {
            assertThat(e.parameter()).isEqualTo(parameter);
            assertThat(e.getMessage() + " / " + e.expected()).contains(saying);
        });
    }

    @Test
    void aWeekIsTheIsoDateOfItsMonday() {
        assertThat(ApiParameters.week("week", "2026-02-09")).isEqualTo(new IsoWeek(LocalDate.of(2026, 2, 9)));
        assertBadRequest(() -> ApiParameters.week("week", "2026-02-10"), "week", "TUESDAY", "2026-02-09", "Monday");
        assertBadRequest(() -> ApiParameters.week("week", "2026-7"), "week", "not a date", "yyyy-MM-dd", "2026-W07");
        assertBadRequest(() -> ApiParameters.week("week", "2026-02-30"), "week", "2026-02-30", "Monday");
        assertBadRequest(() -> ApiParameters.week("week", " "), "week", "missing");
    }

    @Test
    void aWeekIsAlsoTheIsoWeekLabelThatWeeksAnswersWith() {
        assertThat(ApiParameters.week("week", "2026-W07")).isEqualTo(new IsoWeek(LocalDate.of(2026, 2, 9)));
        assertThat(ApiParameters.week("week", "2026-w07")).isEqualTo(new IsoWeek(LocalDate.of(2026, 2, 9)));
        // Week 1 of 2025 starts in 2024, and 2026 has a week 53 that ends in 2027.
        assertThat(ApiParameters.week("week", "2025-W01")).isEqualTo(new IsoWeek(LocalDate.of(2024, 12, 30)));
        assertThat(ApiParameters.week("week", "2026-W53")).isEqualTo(new IsoWeek(LocalDate.of(2026, 12, 28)));
        for (LocalDate monday = LocalDate.of(2024, 12, 30); monday.getYear() < 2028; monday = monday.plusWeeks(1)) {
            IsoWeek week = new IsoWeek(monday);
            assertThat(ApiParameters.week("week", week.label()))
                    .as(week.label())
                    .isEqualTo(week);
        }
        assertBadRequest(() -> ApiParameters.week("week", "2025-W53"), "week", "2025 has ISO weeks 1 to 52");
        assertBadRequest(() -> ApiParameters.week("week", "2026-W00"), "week", "1 to 53");
    }

    @Test
    void unknownAndRepeatedParametersAreRefusedNotIgnored() {
        assertBadRequest(
                () -> query("dimesion", "lab"), "dimesion", "unknown query parameter", "basis, dimension, from");
        assertBadRequest(
                () -> ApiParameters.of(Map.of("verbose", List.of("1")), Set.of()), "verbose", "no query parameters");
        assertBadRequest(() -> query(Map.of("basis", List.of("all", "top9"))), "basis", "2 times", "once");
    }

    @Test
    void dimensionsAreTheShareDimensionsInLowerCase() {
        assertThat(query(Map.of()).dimension("dimension", ShareDimension.MODEL)).isEqualTo(ShareDimension.MODEL);
        assertThat(query("dimension", "category_origin").dimension("dimension", ShareDimension.ORIGIN))
                .isEqualTo(ShareDimension.CATEGORY_ORIGIN);
        assertBadRequest(
                () -> query("dimension", "ORIGIN").dimension("dimension", ShareDimension.ORIGIN),
                "dimension",
                "'ORIGIN' is unknown",
                "origin, lab, model, category, category_origin");
    }

    @Test
    void onlyTheComputedBasesAreAccepted() {
        assertThat(query(Map.of()).basis("basis", "top9")).isEqualTo("all");
        assertThat(query("basis", "top9").basis("basis", "top9")).isEqualTo("top9");
        assertThat(query("basis", "attributed").basis("basis", "top5")).isEqualTo("attributed");
        assertBadRequest(() -> query("basis", "top5").basis("basis", "top9"), "basis", "top5", "all, attributed, top9");
        assertBadRequest(() -> query("basis", "ALL").basis("basis", "top9"), "basis", "not computed");
    }

    @Test
    void limitsAreWholeNumbersInRange() {
        assertThat(query(Map.of()).limit("limit", 10, 1000)).isEqualTo(10);
        assertThat(query("limit", "1000").limit("limit", 10, 1000)).isEqualTo(1000);
        assertBadRequest(
                () -> query("limit", "0").limit("limit", 10, 1000), "limit", "0, out of range", "from 1 to 1000");
        assertBadRequest(() -> query("limit", "1001").limit("limit", 10, 1000), "limit", "out of range");
        assertBadRequest(() -> query("limit", "ten").limit("limit", 10, 1000), "limit", "not a whole number");
    }

    @Test
    void weekRangesAreOrderedMondaysWithOpenEnds() {
        WeekRange open = query(Map.of()).weekRange("from", "to");
        assertThat(open.from()).isEqualTo(WeekRange.EARLIEST);
        assertThat(open.to()).isEqualTo(WeekRange.LATEST);
        assertThat(WeekRange.LATEST.monday().getYear()).isEqualTo(9999);
        WeekRange oneWeek = query(Map.of("from", List.of("2026-01-05"), "to", List.of("2026-01-05")))
                .weekRange("from", "to");
        assertThat(oneWeek.from()).isEqualTo(oneWeek.to()).isEqualTo(IsoWeek.parse("2026-01-05"));
        assertBadRequest(
                () -> query(Map.of("from", List.of("2026-02-02"), "to", List.of("2026-01-05")))
                        .weekRange("from", "to"),
                "from",
                "is after 'to'",
                "on or before");
        assertBadRequest(() -> query("to", "2026-01-07").weekRange("from", "to"), "to", "WEDNESDAY");
        WeekRange labelled = query(Map.of("from", List.of("2026-W02"), "to", List.of("2026-W07")))
                .weekRange("from", "to");
        assertThat(labelled).isEqualTo(new WeekRange(IsoWeek.parse("2026-01-05"), IsoWeek.parse("2026-02-09")));
    }

    @Test
    void anEmptyWeekBoundIsAnOpenEnd() {
        WeekRange empty = query(Map.of("from", List.of(""), "to", List.of(""))).weekRange("from", "to");
        assertThat(empty).isEqualTo(new WeekRange(WeekRange.EARLIEST, WeekRange.LATEST));
        WeekRange fromOnly =
                query(Map.of("from", List.of("2026-02-09"), "to", List.of(""))).weekRange("from", "to");
        assertThat(fromOnly).isEqualTo(new WeekRange(IsoWeek.parse("2026-02-09"), WeekRange.LATEST));
        assertBadRequest(() -> query("from", " ").weekRange("from", "to"), "from", "missing");
    }

    @Test
    void membersAndModelIdsAreNonBlankAndBounded() {
        assertThat(query("member", "Alibaba (Qwen)").requiredText("member", "CN"))
                .isEqualTo("Alibaba (Qwen)");
        assertBadRequest(() -> query(Map.of()).requiredText("member", "CN"), "member", "missing", "CN");
        assertBadRequest(
                () -> query("member", "x".repeat(201)).requiredText("member", "CN"), "member", "201 characters");
        assertThat(ApiParameters.identifier("modelId", "openai/gpt-oss-120b:free", "a/b"))
                .isEqualTo("openai/gpt-oss-120b:free");
        assertBadRequest(
                () -> ApiParameters.identifier("modelId", "deepseek/ v3", "a/b"), "modelId", "without whitespace");
    }

    @Test
    void codesAreMatchedInAnyCase() {
        List<String> kinds = AlertsQuery.KINDS;
        assertThat(query("kind", "turning_point").code("kind", kinds)).contains("TURNING_POINT");
        assertThat(query(Map.of()).code("kind", kinds)).isEmpty();
        assertBadRequest(
                () -> query("kind", "earthquake").code("kind", kinds), "kind", "earthquake", "CROSSOVER, THRESHOLD");
    }
}
