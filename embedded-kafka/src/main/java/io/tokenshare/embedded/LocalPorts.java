package io.tokenshare.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds and checks TCP ports on the loopback address the embedded broker listens on. */
final class LocalPorts {

    static final String HOST = "127.0.0.1";

    private LocalPorts() {}

    /** A port that was free a moment ago: the operating system's pick for an ephemeral port. */
    static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EmbeddedKafkaException(
                    "Cannot open any TCP port on " + HOST + ": check that the loopback interface is up.", e);
        }
    }

    /** A free port other than {@code taken}, so that broker and controller never share one. */
    static int freeOtherThan(int taken) {
        int port = free();
        while (port == taken) {
            port = free();
        }
        return port;
    }

    /** Returns {@code port} if it can be bound now, otherwise fails saying which port is taken. */
    static int requireFree(int port, String purpose) {
        if (!isFree(port)) {
            throw new EmbeddedKafkaException("Cannot bind the embedded Kafka " + purpose + " to " + HOST + ":"
                    + port + ": the port is in use. Stop the process that holds it, or choose another port"
                    + " (port 0 picks a free one).");
        }
        return port;
    }

    /** True when a listening socket can be bound to {@code port} on the loopback address right now. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
