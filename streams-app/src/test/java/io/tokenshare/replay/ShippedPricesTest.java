package io.tokenshare.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.avro.ModelOrigin;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shipped price table prices models that are in the shipped data, as their authors' rows attribute them. */
class ShippedPricesTest {

    @Test
    void pricesTheArticlesModelsUnderIdsOfTheShippedData() {
        List<OriginTableRow> prices;
        try (Stream<OriginTableRow> rows =
                OriginsCsvReader.rows(ShippedData.open(ShippedData.PRICES), ShippedData.PRICES)) {
            prices = rows.toList();
        }
        Set<String> modelIds;
        try (Stream<RankingsRow> rows = ShippedData.rankings()) {
            modelIds = rows.map(RankingsRow::permaslug).collect(Collectors.toSet());
        }
        Map<String, ModelOrigin> authors;
        try (Stream<OriginTableRow> rows =
                OriginsCsvReader.rows(ShippedData.open(ShippedData.ORIGINS), ShippedData.ORIGINS)) {
            authors = rows.collect(Collectors.toMap(OriginTableRow::key, OriginTableRow::origin));
        }

        assertThat(prices)
                .extracting(OriginTableRow::key)
                .containsOnly(
                        "minimax/minimax-m2.5-20260211",
                        "anthropic/claude-4.6-opus-20260205",
                        "openai/gpt-5.5-20260423",
                        "deepseek/deepseek-v4-pro-20260423",
                        "deepseek/deepseek-v4-pro-20260813");
        assertThat(prices).allSatisfy(row -> {
            assertThat(modelIds).as("the data has %s", row.key()).contains(row.key());
            ModelOrigin author = authors.get(row.key().substring(0, row.key().indexOf('/')));
            assertThat(row.origin().getLab()).as(row.key()).isEqualTo(author.getLab());
            assertThat(row.origin().getOrigin()).as(row.key()).isEqualTo(author.getOrigin());
            assertThat(row.origin().getInputUsdPerMtok()).as(row.key()).isPositive();
            assertThat(row.origin().getOutputUsdPerMtok()).as(row.key()).isPositive();
            assertThat(row.origin().getNotes())
                    .as("the source of %s's price", row.key())
                    .contains("seeds/");
        });
        Map<LocalDate, ModelOrigin> v4Pro = prices.stream()
                .filter(row -> row.key().equals("deepseek/deepseek-v4-pro-20260423"))
                .collect(Collectors.toMap(
                        row -> row.origin().getValidFrom() == null
                                ? LocalDate.MIN
                                : row.origin().getValidFrom(),
                        OriginTableRow::origin));
        ModelOrigin afterCut = v4Pro.get(LocalDate.of(2026, 6, 1));
        assertThat(afterCut.getInputUsdPerMtok()).isEqualTo(0.44);
        assertThat(afterCut.getOutputUsdPerMtok()).isEqualTo(0.87);
        ModelOrigin beforeCut = v4Pro.get(LocalDate.MIN);
        assertThat(beforeCut.getInputUsdPerMtok())
                .as("a 75 %% cut leaves a quarter")
                .isEqualTo(0.44 * 4);
        assertThat(beforeCut.getOutputUsdPerMtok()).isEqualTo(0.87 * 4);
    }

    @Test
    void theShippedOriginTableIsTheAuthorRowsThenThePrices() {
        Function<String, Long> rowsOf = resource -> {
            try (Stream<OriginTableRow> rows = OriginsCsvReader.rows(ShippedData.open(resource), resource)) {
                return rows.count();
            }
        };
        try (Stream<OriginTableRow> rows = ShippedData.origins()) {
            assertThat(rows.count()).isEqualTo(rowsOf.apply(ShippedData.ORIGINS) + rowsOf.apply(ShippedData.PRICES));
        }
    }
}
