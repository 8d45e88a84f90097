package io.tokenshare.alert.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on 127.0.0.1 that misbehaves on cue: it answers scripted failures first, can go down for a
 * while, rejects chosen alerts, and records which idempotency keys it acknowledged with a 2xx and how often.
 */
final class ScriptedWebhook implements AutoCloseable {

    /** What the receiver does with one request. */
    enum Answer {
        OK,
        SERVER_ERROR,
        TOO_MANY_REQUESTS,
        DROP_CONNECTION
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final Set<String> rejectedAlertKeys = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
    private final List<JsonNode> acceptedBodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean down;

    ScriptedWebhook() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/alerts", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/alerts");
    }

    /** The next requests get these answers, in order, whatever they carry. */
    synchronized ScriptedWebhook failFirst(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** While down, every request gets a 503. */
    void setDown(boolean isDown) {
        down = isDown;
    }

    /** Alerts with this key get a 400. */
    void reject(String alertKey) {
        rejectedAlertKeys.add(alertKey);
    }

    /** How many 2xx answers each idempotency key got. */
    Map<String, Integer> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    List<JsonNode> acceptedBodies() {
        return List.copyOf(acceptedBodies);
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        byte[] body = exchange.getRequestBody().readAllBytes();
        Answer answer = nextAnswer();
        if (answer == Answer.DROP_CONNECTION) {
            exchange.close();
            return;
        }
        if (answer == Answer.SERVER_ERROR || down) {
            respond(exchange, answer == Answer.SERVER_ERROR ? 500 : 503, "try later");
            return;
        }
        if (answer == Answer.TOO_MANY_REQUESTS) {
            respond(exchange, 429, "slow down");
            return;
        }
        JsonNode alert = JSON.readTree(new String(body, StandardCharsets.UTF_8));
        if (rejectedAlertKeys.contains(alert.get("alert_key").asText())) {
            respond(exchange, 400, "unknown rule");
            return;
        }
        String idempotencyKey = exchange.getRequestHeaders().getFirst(WebhookNotifier.IDEMPOTENCY_KEY_HEADER);
        acknowledged.merge(idempotencyKey, 1, Integer::sum);
        acceptedBodies.add(alert);
        respond(exchange, 202, "accepted");
    }

    private synchronized Answer nextAnswer() {
        return script.isEmpty() ? Answer.OK : script.poll();
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
