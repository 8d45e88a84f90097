package io.tokenshare.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenshare.query.ApiClient.Answer;
import io.tokenshare.query.QueryCluster.Instance;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's API examples run as written against an instance holding the shipped data: every line
 * {@code curl -s 'http://localhost:7070/api/...'} of README.md answers 200 with data. Also the forms a
 * user meets first: the week labels /weeks lists, empty {@code from}/{@code to}, a member in lower
 * case, HEAD, and usage figures the data does not have.
 *
 * <p>README.md is read from the repository root ({@code tokenshare.repository.dir}, set by the failsafe
 * configuration); {@code -Dtokenshare.readme=FILE} reads another copy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ReadmeExamplesIT {

    private static final Pattern EXAMPLE = Pattern.compile("curl -s 'http://localhost:7070(/api/[^']*)'");

    @TempDir
    static Path stateRoot;

    private final ApiClient api = new ApiClient();
    private final CsvFigures csv = CsvFigures.load();
    private List<String> examples;
    private QueryCluster cluster;
    private Instance instance;

    @BeforeAll
    void readTheReadmeAndStartAnInstanceWithTheShippedData() throws IOException {
        Path readme = readme();
        examples = new ArrayList<>();
        for (String line : Files.readAllLines(readme)) {
            Matcher example = EXAMPLE.matcher(line);
            while (example.find()) {
                examples.add(example.group(1));
            }
        }
        assertThat(examples)
                .as("API examples (curl -s 'http://localhost:7070/api/...') in %s", readme)
                .isNotEmpty();
        cluster = QueryCluster.start(stateRoot);
        instance = cluster.addInstance();
        cluster.replayShippedData();
        cluster.awaitAllWeeksFinalWithTotals(csv.weekTotals());
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyReadmeExampleAnswersWithData() {
        for (String path : examples) {
            Answer answer = api.get(instance.url() + path);
            assertThat(answer.status()).as("GET %s: %s", path, answer.text()).isEqualTo(200);
            assertHasData(path, answer.data());
        }
    }

    @Test
    void theWeekLabelsWeeksListsAreAcceptedWhereverAWeekIsTaken() {
        JsonNode weeks = api.get(instance.url() + "/api/v1/weeks").data();
        assertThat(weeks).isNotEmpty();
        for (JsonNode week : weeks) {
            String label = week.get("isoWeek").asText();
            Answer byLabel = api.get(instance.url() + "/api/v1/weeks/" + label + "/top?limit=3");
            Answer byMonday =
                    api.get(instance.url() + "/api/v1/weeks/" + week.get("week").asText() + "/top?limit=3");
            assertThat(byLabel.status()).as(label + ": " + byLabel.text()).isEqualTo(200);
            assertThat(byLabel.data()).as(label).isEqualTo(byMonday.data());
        }
        JsonNode labelled = api.get(instance.url() + "/api/v1/series?member=CN&from=2026-W02&to=2026-W07")
                .data()
                .get("points");
        assertThat(labelled)
                .extracting(p -> p.get("week").asText())
                .containsExactly("2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02", "2026-02-09");
    }

    @Test
    void emptyBoundsAreOpenEnds() {
        JsonNode open = api.get(instance.url() + "/api/v1/series?member=US").data();
        Answer empty = api.get(instance.url() + "/api/v1/series?member=US&from=&to=");
        assertThat(empty.status()).as(empty.text()).isEqualTo(200);
        assertThat(empty.data()).isEqualTo(open);
        assertThat(open.get("points")).hasSize(csv.weekTotals().size());
    }

    @Test
    void membersMatchInAnyCaseAndAreAnsweredAsTheDataSpellsThem() {
        JsonNode exact = api.get(instance.url() + "/api/v1/series?member=CN").data();
        Answer lower = api.get(instance.url() + "/api/v1/series?member=cn");
        assertThat(lower.status()).as(lower.text()).isEqualTo(200);
        assertThat(lower.data()).isEqualTo(exact);
        assertThat(lower.data().get("member").asText()).isEqualTo("CN");

        Answer lab = api.get(instance.url() + "/api/v1/series?dimension=lab&member=deepseek");
        assertThat(lab.status()).as(lab.text()).isEqualTo(200);
        assertThat(lab.data().get("member").asText()).isEqualTo("DeepSeek");
        assertThat(lab.data().get("points")).isNotEmpty();
    }

    @Test
    void onlyGetIsAnswered() {
        for (String method : List.of("HEAD", "PUT", "DELETE", "PATCH")) {
            Answer answer = api.send(HttpRequest.newBuilder(URI.create(instance.url() + "/api/v1/weeks"))
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .build());
            assertThat(answer.status()).as(method).isEqualTo(405);
        }
        Answer get = api.get(instance.url() + "/api/v1/weeks");
        assertThat(get.status()).isEqualTo(200);
    }

    @Test
    void figuresTheDataDoesNotHaveAreNullAndSpendSaysWhatItCovers() {
        // The shipped rankings are daily totals: no event says how its tokens split into input and output.
        JsonNode usage = api.get(instance.url() + "/api/v1/models/deepseek/deepseek-v3.2-20251201/usage")
                .data()
                .get("weeks");
        assertThat(usage).isNotEmpty().allSatisfy(week -> {
            assertThat(week.get("tokens").asLong()).isPositive();
            assertThat(week.get("inputTokens").isNull())
                    .as("inputTokens of %s", week.get("week"))
                    .isTrue();
            assertThat(week.get("outputTokens").isNull()).isTrue();
            assertThat(week.get("splitTokens").isNull()).isTrue();
        });
        // Prices are loaded (data/model-prices.csv), yet without a split no token can be priced, and the rows say so.
        JsonNode rows = api.get(instance.url() + "/api/v1/weeks/2026-06-08/shares?dimension=model")
                .data()
                .get("rows");
        assertThat(rows).extracting(r -> r.get("member").asText()).contains("openai/gpt-5.5-20260423");
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.get("spendCoveredTokens").asLong()).isZero();
            assertThat(row.get("spendCoverage").isNumber()).isTrue();
            assertThat(row.get("spendCoverage").asDouble()).isZero();
            assertThat(row.get("spendShare").isNull()).isTrue();
            assertThat(row.get("spendUsd").isNull()).isTrue();
        });
    }

    /** An answer's data is a non-empty list, or an object whose lists are all non-empty. */
    private static void assertHasData(String path, JsonNode data) {
        assertThat(data).as("data of %s", path).isNotNull();
        assertThat(data.isNull()).as("data of %s", path).isFalse();
        if (data.isArray()) {
            assertThat(data).as("data of %s", path).isNotEmpty();
            return;
        }
        List<String> lists = new ArrayList<>();
        data.properties().forEach(field -> {
            if (field.getValue().isArray()) {
                lists.add(field.getKey());
                assertThat(field.getValue())
                        .as("%s of %s", field.getKey(), path)
                        .isNotEmpty();
            }
        });
        assertThat(lists).as("lists in the data of %s", path).isNotEmpty();
    }

    private static Path readme() {
        String override = System.getProperty("tokenshare.readme");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String repository = System.getProperty("tokenshare.repository.dir");
        assertThat(repository)
                .as("tokenshare.repository.dir, set by the failsafe configuration in the parent pom")
                .isNotBlank();
        return Path.of(repository, "README.md");
    }
}
