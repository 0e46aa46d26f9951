package dev.listbridge.reliability.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection: any method, any headers (duplicate, missing
 * Content-Length, chunked), any bytes — what a well-behaved client library would refuse to send. An answer
 * that does not come within the timeout is reported as such (a hang), not waited for.
 */
public final class RawHttp {
    private RawHttp() {
    }

    /** An answer: its status (0 when none came), headers and body as text, and what went wrong if anything did. */
    public record Answer(int status, String head, String body, String problem) {
        public boolean refusedOrClosed() {
            return status == 0 && problem != null && !problem.startsWith("no answer within");
        }
    }

    /** A request: method, path (with query), headers in order (names may repeat), and the raw body. */
    public record Request(String method, String path, List<Map.Entry<String, String>> headers, byte[] body, boolean chunked) {
        public Request {
            headers = List.copyOf(headers);
        }
    }

    /** Sends a request and reads the answer, or sends raw bytes as they are when {@code raw} is not null. */
    public static Answer send(int port, Request request, Duration timeout) {
        return exchange(port, bytes(request), timeout);
    }

    public static Answer sendBytes(int port, byte[] raw, Duration timeout) {
        return exchange(port, raw, timeout);
    }

    static byte[] bytes(Request request) {
        StringBuilder head = new StringBuilder(request.method()).append(' ').append(request.path()).append(" HTTP/1.1\r\n");
        head.append("Host: 127.0.0.1\r\n");
        for (Map.Entry<String, String> header : request.headers()) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        head.append("Connection: close\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (request.chunked()) {
            head.append("Transfer-Encoding: chunked\r\n\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            byte[] body = request.body();
            for (int at = 0; at < body.length; at += 64 * 1024) {
                int n = Math.min(64 * 1024, body.length - at);
                out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, at, n);
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            if (request.body() != null) {
                head.append("Content-Length: ").append(request.body().length).append("\r\n");
            }
            head.append("\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (request.body() != null) {
                out.writeBytes(request.body());
            }
        }
        return out.toByteArray();
    }

    private static Answer exchange(int port, byte[] raw, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            String writeProblem = null;
            try {
                OutputStream out = socket.getOutputStream();
                out.write(raw);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // the server may answer (413) and close before the whole body is sent: read what it said
                writeProblem = "write: " + e.getMessage();
            }
            byte[] answer;
            try {
                answer = readAll(socket.getInputStream());
            } catch (SocketTimeoutException e) {
                return new Answer(0, "", "", "no answer within " + timeout);
            } catch (IOException e) {
                return new Answer(0, "", "", (writeProblem == null ? "" : writeProblem + "; ") + "read: " + e.getMessage());
            }
            return parse(answer, writeProblem);
        } catch (SocketTimeoutException e) {
            return new Answer(0, "", "", "no answer within " + timeout);
        } catch (IOException e) {
            return new Answer(0, "", "", "connect: " + e.getMessage());
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            if (out.size() == 0) {
                throw e;
            }
            // a reset after the answer: keep what came
        }
        return out.toByteArray();
    }

    private static Answer parse(byte[] answer, String writeProblem) {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : new String(answer, end + 4, answer.length - end - 4, StandardCharsets.UTF_8);
        String[] statusLine = head.split("\r\n", 2)[0].split(" ");
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            return new Answer(0, head, body, (writeProblem == null ? "" : writeProblem + "; ")
                    + (answer.length == 0 ? "connection closed without an answer" : "not an HTTP answer"));
        }
        try {
            return new Answer(Integer.parseInt(statusLine[1]), head, body, writeProblem);
        } catch (NumberFormatException e) {
            return new Answer(0, head, body, "not an HTTP status: " + statusLine[1]);
        }
    }

    /** Headers, in order. */
    public static List<Map.Entry<String, String>> headers(String... namesAndValues) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            headers.add(Map.entry(namesAndValues[i], namesAndValues[i + 1]));
        }
        return headers;
    }
}
