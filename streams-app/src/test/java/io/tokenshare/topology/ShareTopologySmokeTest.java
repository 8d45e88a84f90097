package io.tokenshare.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenshare.avro.Origin;
import io.tokenshare.avro.ShareRow;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShareTopologySmokeTest {

    @Test
    void originSharesOfOneWeekOnTheAllBasis() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.origin("deepseek", "DeepSeek", Origin.CN);
            h.origin("openai", "OpenAI", Origin.US);
            h.send("deepseek/deepseek-v3.2", "2026-02-10T10:00:00Z", 600);
            h.send("openai/gpt-5", "2026-02-11T10:00:00Z", 300);
            h.send("mystery/model-x", "2026-02-12T10:00:00Z", 100);
            h.watermark("2026-03-01T00:00:00Z");
            h.emit();

            Map<String, ShareRow> rows = h.latestRows(h.settings.topics().shareByOrigin());
            ShareRow cn = rows.get("2026-02-09|all|origin|CN");
            assertThat(cn).isNotNull();
            assertThat(cn.getTokens()).isEqualTo(600);
            assertThat(cn.getTotalTokens()).isEqualTo(1000);
            assertThat(cn.getTokenShare()).isEqualTo(0.6);
            assertThat(cn.getFinal$()).isTrue();
            assertThat(rows.get("2026-02-09|attributed|origin|US").getTokenShare()).isEqualTo(1.0 / 3);
            assertThat(rows.get("2026-02-09|all|origin|UNKNOWN").getTokens()).isEqualTo(100);
            assertThat(h.accounting.counted()).isEqualTo(3);
        }
    }
}
