package dev.snapshift.app.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls against a dashboard. */
final class HttpTestClient {
    record Response(int status, String contentType, String body) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(body);
        }
    }

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final int port;

    HttpTestClient(int port) {
        this.port = port;
        this.base = "http://127.0.0.1:" + port;
    }

    Response get(String path, String... headers) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
    }

    Response send(String method, String path, String body)
            throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    String getHeader(String path, String header) throws IOException, InterruptedException {
        return client.send(
                        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                        HttpResponse.BodyHandlers.discarding())
                .headers()
                .firstValue(header)
                .orElse(null);
    }

    Response sendJson(String path, String json) throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /**
     * A GET written by hand, for what java.net.http refuses to send (malformed escapes, foreign
     * Host headers).
     */
    Response raw(String path, String host) throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream()
                    .write(
                            ("GET "
                                            + path
                                            + " HTTP/1.1\r\nHost: "
                                            + host
                                            + "\r\nConnection: close\r\n\r\n")
                                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String all =
                    new String(
                            s.getInputStream().readAllBytes(),
                            java.nio.charset.StandardCharsets.UTF_8);
            int status = Integer.parseInt(all.substring(9, 12));
            int body = all.indexOf("\r\n\r\n");
            String type =
                    all.toLowerCase().contains("content-type: application/json")
                            ? "application/json"
                            : "";
            return new Response(status, type, body < 0 ? "" : all.substring(body + 4));
        }
    }

    private Response send(HttpRequest.Builder b, String... headers)
            throws IOException, InterruptedException {
        if (headers.length > 0) {
            b.headers(headers);
        }
        HttpResponse<String> r =
                client.send(
                        b.timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
        return new Response(
                r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }
}
