package io.userimport.problems;

import static org.assertj.core.api.Assertions.assertThat;

import io.userimport.problems.sample.SampleApplication;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error answer is a problem body, whoever writes it: Spring MVC, a {@code sendError}, or
 * Tomcat refusing a request it cannot parse. Requests go over a plain socket, since an HTTP
 * client would refuse to send the malformed ones.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProblemBodiesTests {

    @LocalServerPort
    int port;

    @Test
    void anUnencodedPlaceholderInThePathIsAProblemNotTomcatsHtmlPage() throws IOException {
        Answer answer = send("GET /things/<id>/rows?outcome=FAILED HTTP/1.1\r\nHost: localhost\r\n");

        answer.assertProblem(400);
        assertThat(answer.problem().path("detail").asString()).contains("percent-encoded");
    }

    @Test
    void aMalformedHeaderIsAProblem() throws IOException {
        send("GET /things HTTP/1.1\r\nHost: localhost\r\n(request): x\r\n").assertProblem(400);
    }

    @Test
    void aMalformedPercentEncodingIsAProblem() throws IOException {
        send("GET /things/%zz HTTP/1.1\r\nHost: localhost\r\n").assertProblem(400);
    }

    @Test
    void aMalformedIdSaysWhatAnIdLooksLike() throws IOException {
        Answer answer = send("GET /things/abc HTTP/1.1\r\nHost: localhost\r\n");

        answer.assertProblem(400);
        assertThat(answer.problem().path("detail").asString()).isEqualTo(
                "'abc' is not a valid id: expected a UUID such as 0b9e4f0c-5a7d-4c1e-9a51-2f6d3c8e7b10.");
        assertThat(answer.problem().path("instance").asString()).isEqualTo("/things/abc");
    }

    @Test
    void aValueOutsideAnEnumListsTheAllowedOnes() throws IOException {
        Answer answer = send("GET /search?q=x&colour=BLUE HTTP/1.1\r\nHost: localhost\r\n");

        answer.assertProblem(400);
        assertThat(answer.problem().path("detail").asString()).contains("'BLUE'", "one of RED, GREEN");
    }

    @Test
    void aMissingParameterIsNamed() throws IOException {
        Answer answer = send("GET /search HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n");

        answer.assertProblem(400);
        assertThat(answer.problem().path("detail").asString()).contains("'q'");
    }

    @Test
    void aWrongMethodIsAProblem() throws IOException {
        send("DELETE /search HTTP/1.1\r\nHost: localhost\r\n").assertProblem(405);
    }

    @Test
    void aMethodTheContainerRefusesIsAProblem() throws IOException {
        send("TRACE /search HTTP/1.1\r\nHost: localhost\r\n").assertProblem(405);
    }

    @Test
    void anUnknownPathIsAProblemEvenForABrowser() throws IOException {
        send("GET /nowhere HTTP/1.1\r\nHost: localhost\r\nAccept: text/html,*/*;q=0.8\r\n").assertProblem(404);
    }

    @Test
    void anErrorSentOutsideSpringMvcKeepsItsMessage() throws IOException {
        Answer answer = send("GET /taken HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n");

        answer.assertProblem(409);
        assertThat(answer.problem().path("detail").asString()).isEqualTo("That name is taken.");
    }

    @Test
    void aServerErrorIsAProblemThatKeepsItsCauseToTheLog() throws IOException {
        Answer answer = send("GET /boom HTTP/1.1\r\nHost: localhost\r\n");

        answer.assertProblem(500);
        assertThat(answer.body()).doesNotContain("secret internals", "IllegalStateException");
    }

    private Answer send(String head) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            return new Answer(response.substring(0, split), response.substring(split + 4));
        }
    }

    private record Answer(String head, String body) {

        int status() {
            return Integer.parseInt(head.split(" ")[1]);
        }

        JsonNode problem() {
            String json = body;
            if (head.toLowerCase().contains("transfer-encoding: chunked")) { // one chunk, then the last
                json = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("\r\n0\r\n"));
            }
            return JsonMapper.builder().build().readTree(json);
        }

        void assertProblem(int expected) {
            assertThat(status()).as(head + "\n\n" + body).isEqualTo(expected);
            assertThat(head.toLowerCase()).contains("content-type: application/problem+json");
            assertThat(problem().path("status").asInt()).isEqualTo(expected);
            assertThat(problem().path("title").asString()).isNotBlank();
            assertThat(problem().path("detail").asString()).isNotBlank();
        }
    }
}
