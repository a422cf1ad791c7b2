package io.userimport.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.userimport.localstack.MailInbox.Mail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inbox over HTTP: a page of the newest mails with their links, and the part of Mailpit's
 * API (v1) that scripts use, with Mailpit's field names, so one script works against both:
 * <ul>
 * <li>{@code GET /api/v1/messages?start=0&limit=50}: summaries, newest first;</li>
 * <li>{@code GET /api/v1/search?query=to:ann@example.com}: the same, for mails matching every
 *     term ({@code to:}, {@code from:}, {@code subject:}, or words of the subject, addresses or text);</li>
 * <li>{@code GET /api/v1/message/{ID}} (or {@code latest}): one mail with its {@code Text};</li>
 * <li>{@code GET /api/v1/message/{ID}/raw} and {@code GET /view/{ID}.txt}: its source, its text;</li>
 * <li>{@code DELETE /api/v1/messages}: deletes all, or those of {@code {"IDs": [...]}}.</li>
 * </ul>
 */
final class InboxHttp {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(InboxHttp.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PAGE = 50;
    private static final Pattern TERM = Pattern.compile("(?:(\\w[\\w-]*):)?(\"[^\"]*\"|\\S+)");
    private static final Pattern LINK = Pattern.compile("https?://\\S+");

    private final MailInbox inbox;
    private final HttpServer server;
    private final TemplateEngine templates = new TemplateEngine();

    private InboxHttp(MailInbox inbox, HttpServer server) {
        this.inbox = inbox;
        this.server = server;
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("inbox/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        templates.setTemplateResolver(resolver);
    }

    static InboxHttp start(MailInbox inbox, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        InboxHttp http = new InboxHttp(inbox, server);
        server.createContext("/", http::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return http;
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            answer(exchange);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            if (path.equals("/api/v1/messages") && method.equals("GET")) {
                List<Mail> all = inbox.mails();
                json(exchange, 200, summaries(all, all, query));
            } else if (path.equals("/api/v1/messages") && method.equals("DELETE")) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                List<String> ids = new ArrayList<>();
                if (body.length > 0) {
                    JSON.readTree(body).path("IDs").forEach(id -> ids.add(id.asString()));
                }
                inbox.delete(ids);
                text(exchange, 200, "text/plain", "ok");
            } else if (path.equals("/api/v1/search") && method.equals("GET")) {
                String search = query.getOrDefault("query", "").strip();
                if (search.isEmpty()) {
                    problem(exchange, 400, "Give a search with ?query=, such as ?query=to:ann@example.com");
                    return;
                }
                List<Mail> all = inbox.mails();
                json(exchange, 200, summaries(all, all.stream().filter(matching(search)).toList(), query));
            } else if (path.startsWith("/api/v1/message/") && method.equals("GET")) {
                String rest = path.substring("/api/v1/message/".length());
                boolean raw = rest.endsWith("/raw");
                Optional<Mail> mail = find(raw ? rest.substring(0, rest.length() - 4) : rest);
                if (mail.isEmpty()) {
                    problem(exchange, 404, "No mail with ID " + rest);
                } else if (raw) {
                    send(exchange, 200, "message/rfc822", Files.readAllBytes(mail.get().file()));
                } else {
                    json(exchange, 200, message(mail.get()));
                }
            } else if (path.startsWith("/view/") && path.endsWith(".txt") && method.equals("GET")) {
                String id = path.substring("/view/".length(), path.length() - 4);
                Optional<Mail> mail = find(id);
                if (mail.isEmpty()) {
                    problem(exchange, 404, "No mail with ID " + id);
                } else {
                    text(exchange, 200, "text/plain; charset=utf-8", MailInbox.text(inbox.read(mail.get())));
                }
            } else if (path.equals("/") && method.equals("GET")) {
                text(exchange, 200, "text/html; charset=utf-8", page(query));
            } else if (path.equals("/") || path.startsWith("/api/v1/") || path.startsWith("/view/")) {
                problem(exchange, 405, "Method " + method + " is not supported here.");
            } else {
                problem(exchange, 404, "No resource " + path + ". The inbox serves / and the Mailpit API under /api/v1/.");
            }
        } catch (NumberFormatException e) {
            problem(exchange, 400, "start and limit are whole numbers: " + e.getMessage());
        } catch (tools.jackson.core.JacksonException e) {
            problem(exchange, 400, "The body is not JSON such as {\"IDs\": [\"...\"]}: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            log.error("The inbox could not answer {}", exchange.getRequestURI(), e);
            problem(exchange, 500, "The inbox could not answer; the cause is in the local run's log.");
        }
    }

    private Optional<Mail> find(String id) {
        List<Mail> mails = inbox.mails();
        if (id.equals("latest")) {
            return mails.isEmpty() ? Optional.empty() : Optional.of(mails.get(mails.size() - 1));
        }
        return mails.stream().filter(mail -> mail.id().equals(id)).findFirst();
    }

    /** Mailpit's MessagesSummary of the mails matching a query: newest first, from {@code start}, at most {@code limit}. */
    private static Map<String, Object> summaries(List<Mail> all, List<Mail> matching, Map<String, String> query) {
        int start = Math.max(0, Integer.parseInt(query.getOrDefault("start", "0")));
        int limit = Math.max(1, Integer.parseInt(query.getOrDefault("limit", String.valueOf(PAGE))));
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = matching.size() - 1 - start; i >= 0 && page.size() < limit; i--) {
            page.add(summary(matching.get(i)));
        }
        Map<String, Object> summaries = new LinkedHashMap<>();
        summaries.put("total", all.size());
        summaries.put("unread", all.size());
        summaries.put("count", page.size());
        summaries.put("messages_count", matching.size());
        summaries.put("messages_unread", matching.size());
        summaries.put("start", start);
        summaries.put("tags", List.of());
        summaries.put("messages", page);
        return summaries;
    }

    private static Map<String, Object> summary(Mail mail) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("ID", mail.id());
        summary.put("MessageID", mail.messageId());
        summary.put("Read", false);
        summary.put("From", address(mail.from()));
        summary.put("To", mail.to().stream().map(InboxHttp::address).toList());
        summary.put("Cc", List.of());
        summary.put("Bcc", List.of());
        summary.put("ReplyTo", List.of());
        summary.put("Subject", mail.subject());
        summary.put("Created", mail.created().toString());
        summary.put("Username", "");
        summary.put("Tags", List.of());
        summary.put("Size", mail.size());
        summary.put("Attachments", 0);
        summary.put("Snippet", mail.snippet());
        return summary;
    }

    /** Mailpit's Message, for a plain-text mail. */
    private Map<String, Object> message(Mail mail) {
        MimeMessage message = inbox.read(mail);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ID", mail.id());
        json.put("MessageID", mail.messageId());
        json.put("From", address(mail.from()));
        json.put("To", mail.to().stream().map(InboxHttp::address).toList());
        json.put("Cc", List.of());
        json.put("Bcc", List.of());
        json.put("ReplyTo", List.of());
        json.put("ReturnPath", mail.from() == null ? "" : mail.from().getAddress());
        json.put("Subject", mail.subject());
        json.put("ListUnsubscribe", Map.of("Header", "", "Links", List.of(), "Errors", "", "HeaderPost", ""));
        json.put("Date", sent(message).orElse(mail.created()).toString());
        json.put("Tags", List.of());
        json.put("Username", "");
        json.put("Text", MailInbox.text(message));
        json.put("HTML", "");
        json.put("Size", mail.size());
        json.put("Inline", List.of());
        json.put("Attachments", List.of());
        return json;
    }

    private static Optional<Instant> sent(MimeMessage message) {
        try {
            return Optional.ofNullable(message.getSentDate()).map(Date::toInstant);
        } catch (MessagingException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> address(InternetAddress address) {
        return address == null ? Map.of("Name", "", "Address", "")
                : Map.of("Name", Optional.ofNullable(address.getPersonal()).orElse(""), "Address", address.getAddress());
    }

    /** Mails matching every term of a Mailpit search: {@code to:}, {@code from:}, {@code subject:} or words. */
    private Predicate<Mail> matching(String search) {
        Predicate<Mail> all = mail -> true;
        Matcher terms = TERM.matcher(search);
        while (terms.find()) {
            String field = terms.group(1) == null ? "" : terms.group(1).toLowerCase(Locale.ROOT);
            String value = terms.group(2).replace("\"", "").toLowerCase(Locale.ROOT);
            Predicate<Mail> term = switch (field) {
                case "to" -> mail -> mail.to().stream().anyMatch(to -> to.toString().toLowerCase(Locale.ROOT).contains(value));
                case "from" -> mail -> mail.from() != null && mail.from().toString().toLowerCase(Locale.ROOT).contains(value);
                case "subject" -> mail -> mail.subject().toLowerCase(Locale.ROOT).contains(value);
                case "message-id" -> mail -> mail.messageId().equalsIgnoreCase(value);
                default -> {
                    String word = terms.group(1) == null ? value : terms.group(0).replace("\"", "").toLowerCase(Locale.ROOT);
                    yield mail -> (mail.subject() + " " + mail.from() + " " + mail.to()).toLowerCase(Locale.ROOT).contains(word)
                            || MailInbox.text(inbox.read(mail)).toLowerCase(Locale.ROOT).contains(word);
                }
            };
            all = all.and(term);
        }
        return all;
    }

    private String page(Map<String, String> query) {
        List<Mail> mails = inbox.mails();
        int start = Math.max(0, Integer.parseInt(query.getOrDefault("start", "0")));
        List<Map<String, Object>> shown = new ArrayList<>();
        for (int i = mails.size() - 1 - start; i >= 0 && shown.size() < PAGE; i--) {
            Mail mail = mails.get(i);
            shown.add(Map.of("mail", mail, "to", mail.to().stream().map(InternetAddress::toUnicodeString).toList(),
                    "parts", parts(MailInbox.text(inbox.read(mail)))));
        }
        Context context = new Context(Locale.ENGLISH);
        context.setVariable("total", mails.size());
        context.setVariable("mails", shown);
        context.setVariable("first", shown.isEmpty() ? 0 : start + 1);
        context.setVariable("last", start + shown.size());
        context.setVariable("previous", start > 0 ? Math.max(0, start - PAGE) : null);
        context.setVariable("next", start + PAGE < mails.size() ? start + PAGE : null);
        return templates.process("inbox", context);
    }

    /** A mail's text cut into plain text and links, for the page to show the links as links. */
    static List<Map<String, Object>> parts(String text) {
        List<Map<String, Object>> parts = new ArrayList<>();
        Matcher links = LINK.matcher(text);
        int at = 0;
        while (links.find()) {
            parts.add(Map.of("text", text.substring(at, links.start()), "link", false));
            parts.add(Map.of("text", links.group(), "link", true));
            at = links.end();
        }
        parts.add(Map.of("text", text.substring(at), "link", false));
        return parts;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                query.put(name, equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        text(exchange, status, "application/json", JSON.writeValueAsString(body));
    }

    private static void problem(HttpExchange exchange, int status, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", switch (status) {
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 500 -> "Internal Server Error";
            default -> "Bad Request";
        });
        problem.put("status", status);
        problem.put("detail", detail);
        text(exchange, status, "application/problem+json", JSON.writeValueAsString(problem));
    }

    private static void text(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
