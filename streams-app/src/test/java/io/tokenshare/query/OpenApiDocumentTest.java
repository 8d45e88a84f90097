package io.tokenshare.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes exactly the routes the server has. */
class OpenApiDocumentTest {

    private static JsonNode document() throws IOException {
        try (InputStream in =
                OpenApiDocumentTest.class.getClassLoader().getResourceAsStream(OperationsRoutes.OPENAPI_RESOURCE)) {
            assertThat(in).as("openapi.json on the classpath").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void documentsEveryApiRouteAndNoOther() throws IOException {
        List<String> apiPaths = new ArrayList<>();
        document().get("paths").fieldNames().forEachRemaining(path -> {
            if (path.startsWith(ApiRoutes.PREFIX)) {
                apiPaths.add(path);
            }
        });
        assertThat(apiPaths).containsExactlyInAnyOrderElementsOf(ApiRoutes.PATHS);
    }

    @Test
    void everyApiRouteIsAReadThatDocumentsItsErrors() throws IOException {
        JsonNode paths = document().get("paths");
        for (String path : ApiRoutes.PATHS) {
            JsonNode operation = paths.get(path);
            assertThat(operation.fieldNames()).toIterable().as(path).containsExactly("get");
            assertThat(operation.get("get").get("responses").fieldNames())
                    .toIterable()
                    .as(path)
                    .contains("200", "400", "503");
        }
    }
}
