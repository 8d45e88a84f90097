package io.tokenshare.serde;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 (an ephemeral port) that answers like a Confluent registry with
 * canned responses, and records what it was asked. A route can be made to hang until the server closes,
 * to test timeouts. Unknown routes get Confluent's plain 404.
 */
final class CannedRegistryServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, java.util.Deque<Answer>> firstAnswers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private CannedRegistryServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static CannedRegistryServer start() {
        try {
            return new CannedRegistryServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's root URL, e.g. http://127.0.0.1:40123. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code method rawPath} with {@code status} and the JSON {@code body}. */
    CannedRegistryServer answer(String method, String rawPath, int status, String body) {
        answers.put(method + " " + rawPath, new Answer(status, body, "application/vnd.schemaregistry.v1+json", false));
        return this;
    }

    /** Answers with a body that is not JSON, as a proxy in front of the registry might. */
    CannedRegistryServer answerText(String method, String rawPath, int status, String body) {
        answers.put(method + " " + rawPath, new Answer(status, body, "text/html", false));
        return this;
    }

    /**
     * Answers the next {@code times} requests for {@code method rawPath} with {@code status} and {@code body},
     * before whatever {@link #answer} set: a registry failing for a while.
     */
    CannedRegistryServer failFirst(String method, String rawPath, int times, int status, String body) {
        java.util.Deque<Answer> queue = firstAnswers.computeIfAbsent(
                method + " " + rawPath, k -> new java.util.concurrent.ConcurrentLinkedDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(new Answer(status, body, "application/vnd.schemaregistry.v1+json", false));
        }
        return this;
    }

    /** Never answers {@code method rawPath} until the server closes. */
    CannedRegistryServer hang(String method, String rawPath) {
        answers.put(method + " " + rawPath, new Answer(0, "", "", true));
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The canned registry's handler threads did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(
                    method,
                    path,
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    body));
            java.util.Deque<Answer> first = firstAnswers.get(method + " " + path);
            Answer queued = first == null ? null : first.poll();
            Answer answer = queued != null
                    ? queued
                    : answers.getOrDefault(
                            method + " " + path,
                            new Answer(
                                    404,
                                    "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}",
                                    "application/json",
                                    false));
            if (answer.hang()) {
                closing.await();
                return;
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One request as the server saw it. */
    record Request(String method, String rawPath, String authorization, String contentType, String body) {}

    private record Answer(int status, String body, String contentType, boolean hang) {}
}
