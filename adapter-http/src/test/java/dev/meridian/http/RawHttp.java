package dev.meridian.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request written byte for byte on a socket, for request targets an HTTP client library would
 * normalise or refuse ({@code //api/events}, {@code /api/./events}, {@code /api/events;x}).
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** The status code of the answer to {@code method target} with {@code headers} and a JSON {@code body} (or none). */
    public static int status(int port, String method, String target, String body, String... headers)
            throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            StringBuilder head = new StringBuilder(method).append(' ').append(target)
                    .append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!answer.startsWith("HTTP/1.1 ")) {
                throw new IOException("not an HTTP answer: " + answer);
            }
            return Integer.parseInt(answer.substring(9, 12));
        }
    }
}
