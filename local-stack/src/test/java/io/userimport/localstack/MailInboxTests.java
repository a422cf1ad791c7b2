package io.userimport.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local inbox over real SMTP and HTTP: it answers Mailpit's API as Mailpit does (the field
 * names a script reads), keeps its mails across a restart, and shows them on its page.
 */
class MailInboxTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path directory;

    MailInbox inbox;

    @BeforeEach
    void start() {
        inbox = MailInbox.start(0, 0, directory);
    }

    @AfterEach
    void stop() {
        inbox.close();
    }

    @Test
    void listsMessagesNewestFirstWithMailpitsFieldsAndPages() throws Exception {
        send("ann@example.com", "Welcome: set your password", "Hello Ann,\nhttp://localhost:8082/set-password?token=abc\n");
        send("bob@example.com", "Welcome: set your password", "Hello Bob,\n");
        send("admin@localhost", "Import of \"users.csv\" completed", "Created: 2\n");

        JsonNode list = get("/api/v1/messages");
        assertThat(list.path("total").asInt()).isEqualTo(3);
        assertThat(list.path("messages_count").asInt()).isEqualTo(3);
        assertThat(list.path("messages").valueStream().map(m -> m.path("To").path(0).path("Address").asString()))
                .containsExactly("admin@localhost", "bob@example.com", "ann@example.com");
        JsonNode ann = list.path("messages").path(2);
        assertThat(ann.path("ID").asString()).matches("[A-Za-z0-9]{22}");
        assertThat(ann.path("From").path("Address").asString()).isEqualTo("import@example.com");
        assertThat(ann.path("Subject").asString()).isEqualTo("Welcome: set your password");
        assertThat(ann.path("Snippet").asString()).startsWith("Hello Ann, http://localhost:8082/set-password?token=abc");
        assertThat(ann.path("Created").asString()).isNotBlank();

        JsonNode second = get("/api/v1/messages?start=1&limit=1");
        assertThat(second.path("start").asInt()).isEqualTo(1);
        assertThat(second.path("messages").valueStream().map(m -> m.path("To").path(0).path("Address").asString()))
                .containsExactly("bob@example.com");
    }

    @Test
    void searchesByRecipientAndReadsOneMessagesTextAsAWelcomeLinkScriptDoes() throws Exception {
        send("ann@example.com", "Welcome: set your password", "Hello Ann,\nhttp://localhost:8082/set-password?token=abc\n");
        send("bob@example.com", "Welcome: set your password", "Hello Bob,\nhttp://localhost:8082/set-password?token=xyz\n");

        JsonNode found = get("/api/v1/search?query=to:bob@example.com");
        assertThat(found.path("messages_count").asInt()).isEqualTo(1);
        String id = found.path("messages").path(0).path("ID").asString();
        JsonNode message = get("/api/v1/message/" + id);
        assertThat(message.path("ID").asString()).isEqualTo(id);
        assertThat(message.path("Text").asString()).contains("set-password?token=xyz");
        assertThat(message.path("To").path(0).path("Address").asString()).isEqualTo("bob@example.com");
        assertThat(get("/api/v1/message/latest").path("ID").asString()).isEqualTo(id);
        assertThat(answer("GET", "/view/" + id + ".txt").body()).contains("set-password?token=xyz");
        assertThat(answer("GET", "/api/v1/message/" + id + "/raw").body()).contains("Subject: Welcome: set your password");

        assertThat(get("/api/v1/search?query=subject:welcome%20Ann").path("messages").valueStream()
                .map(m -> m.path("To").path(0).path("Address").asString())).containsExactly("ann@example.com");
        assertThat(get("/api/v1/search?query=token%3Dxyz").path("messages_count").asInt()).isEqualTo(1);
    }

    @Test
    void errorsAreProblemBodies() throws Exception {
        for (var request : List.of(List.of("GET", "/api/v1/message/nope", "404"), List.of("GET", "/nowhere", "404"),
                List.of("GET", "/api/v1/search", "400"), List.of("GET", "/api/v1/messages?limit=ten", "400"),
                List.of("PATCH", "/api/v1/messages", "405"))) {
            HttpResponse<String> answer = answer(request.get(0), request.get(1));
            assertThat(answer.statusCode()).as(request.toString()).isEqualTo(Integer.parseInt(request.get(2)));
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(JSON.readTree(answer.body()).path("detail").asString()).isNotBlank();
        }
    }

    @Test
    void keepsItsMailsAcrossARestartAndDeletesThemWhenAsked() throws Exception {
        send("ann@example.com", "First", "one\n");
        send("bob@example.com", "Second", "two\n");
        String firstId = get("/api/v1/messages").path("messages").path(1).path("ID").asString();

        inbox.close();
        inbox = MailInbox.start(0, 0, directory);

        assertThat(get("/api/v1/messages").path("total").asInt()).isEqualTo(2);
        assertThat(get("/api/v1/message/" + firstId).path("Text").asString()).contains("one");
        send("carol@example.com", "Third", "three\n");
        assertThat(get("/api/v1/messages").path("messages").path(0).path("Subject").asString()).isEqualTo("Third");

        HttpResponse<String> deleteOne = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/messages"))
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"IDs\":[\"" + firstId + "\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(deleteOne.statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/messages").path("total").asInt()).isEqualTo(2);
        assertThat(answer("DELETE", "/api/v1/messages").statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/messages").path("total").asInt()).isZero();
        inbox.close();
        inbox = MailInbox.start(0, 0, directory);
        assertThat(inbox.mails()).isEmpty();
    }

    @Test
    void thePageShowsTheNewestMailsWithTheirLinksAndTheCount() throws Exception {
        send("ann@example.com", "Welcome <Ann>", "Hello Ann,\nhttp://localhost:8082/set-password?token=abc\n<b>not bold</b>\n");

        String page = answer("GET", "/").body();
        assertThat(page).contains("Local inbox: <span>1</span> mails", "Welcome &lt;Ann&gt;",
                "<a href=\"http://localhost:8082/set-password?token=abc\">http://localhost:8082/set-password?token=abc</a>",
                "&lt;b&gt;not bold&lt;/b&gt;");
    }

    private void send(String to, String subject, String text) {
        GreenMailUtil.sendTextEmail(to, "import@example.com", subject, text,
                new ServerSetup(inbox.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = answer("GET", path);
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(answer.body());
    }

    private HttpResponse<String> answer(String method, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + inbox.webPort() + path);
    }
}
