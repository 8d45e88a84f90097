package io.tokenshare.query;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another instance to run a store query on its own partitions, over the internal route
 * {@value #INTERNAL_PREFIX}{name}. The peer only ever reads locally, so a forwarded query is never
 * forwarded again.
 */
final class PeerClient {

    static final String INTERNAL_PREFIX = "/internal/v1/";
    static final String PARTITIONS = "partitions";

    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration timeout;

    PeerClient(ObjectMapper json, Duration timeout) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.json = json;
        this.timeout = timeout;
    }

    /** The peer's answer for the given partitions; fails with {@link UnavailableException} when it cannot give one. */
    <T> CompletableFuture<LocalAnswer<T>> ask(HostInfo peer, StoreQuery<T> query, Set<Integer> partitions) {
        HttpRequest request = HttpRequest.newBuilder(uri(peer, query, partitions))
                .timeout(timeout)
                .GET()
                .build();
        JavaType answerType = json.getTypeFactory().constructParametricType(LocalAnswer.class, query.itemType());
        String instance = StreamsCluster.address(peer);
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, failure) -> {
            if (failure != null) {
                throw new UnavailableException(
                        "instance " + instance + " did not answer: " + failure.getMessage(), failure);
            }
            return read(instance, query.name(), response, answerType);
        });
    }

    private <T> LocalAnswer<T> read(
            String instance, String queryName, HttpResponse<byte[]> response, JavaType answerType) {
        try {
            if (response.statusCode() == 200) {
                return json.readValue(response.body(), answerType);
            }
            String message = json.readTree(response.body()).path("message").asText("");
            if (response.statusCode() == 503) {
                throw new UnavailableException("instance " + instance + ": " + message);
            }
            throw new IllegalStateException("instance " + instance + " answered " + response.statusCode()
                    + " to internal query " + queryName + ": " + message);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "instance " + instance + " sent an unreadable answer to internal query " + queryName + ": "
                            + e.getMessage(),
                    e);
        }
    }

    static URI uri(HostInfo peer, StoreQuery<?> query, Set<Integer> partitions) {
        Map<String, String> parameters = new TreeMap<>(query.parameters());
        parameters.put(
                PARTITIONS, partitions.stream().sorted().map(String::valueOf).collect(Collectors.joining(",")));
        String queryString = parameters.entrySet().stream()
                .map(p -> encode(p.getKey()) + "=" + encode(p.getValue()))
                .collect(Collectors.joining("&"));
        String host = peer.host().contains(":") ? "[" + peer.host() + "]" : peer.host();
        return URI.create("http://" + host + ":" + peer.port() + INTERNAL_PREFIX + query.name() + "?" + queryString);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
