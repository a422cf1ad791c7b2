package io.userimport.localstack;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A local SMTP server that keeps every mail it receives (GreenMail), with a web page that
 * lists them, so the welcome emails of a local run can be read and their links followed.
 */
public final class MailInbox implements AutoCloseable {

    private final GreenMail greenMail;
    private final HttpServer web;

    private MailInbox(GreenMail greenMail, HttpServer web) {
        this.greenMail = greenMail;
        this.web = web;
    }

    public static MailInbox start(int smtpPort, int webPort) {
        // Jakarta Mail's stream provider by name, not looked up on the class path for every message
        // received (jakartaee/mail-api#861), as the notification service does when sending
        System.getProperties().putIfAbsent("jakarta.mail.util.StreamProvider",
                "org.eclipse.angus.mail.util.MailStreamProvider");
        GreenMail greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        try {
            HttpServer web = HttpServer.create(new InetSocketAddress("127.0.0.1", webPort), 0);
            MailInbox inbox = new MailInbox(greenMail, web);
            web.createContext("/", exchange -> {
                byte[] page = inbox.page().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(page);
                }
            });
            web.start();
            return inbox;
        } catch (IOException e) {
            greenMail.stop();
            throw new UncheckedIOException("Could not start the inbox page on port " + webPort, e);
        }
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    public int webPort() {
        return web.getAddress().getPort();
    }

    public List<MimeMessage> messages() {
        return Arrays.asList(greenMail.getReceivedMessages());
    }

    private String page() {
        StringBuilder html = new StringBuilder("""
                <!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
                <title>Local inbox</title><style>body{font-family:sans-serif;margin:2em}
                article{border:1px solid #ccc;border-radius:6px;padding:1em;margin:1em 0}
                pre{white-space:pre-wrap}</style></head><body>
                """);
        List<MimeMessage> messages = messages();
        html.append("<h1>Local inbox: ").append(messages.size()).append(" mails</h1>");
        for (int i = messages.size() - 1; i >= 0; i--) {
            try {
                MimeMessage message = messages.get(i);
                html.append("<article><b>To:</b> ").append(escape(Arrays.toString(message.getRecipients(Message.RecipientType.TO))))
                        .append("<br><b>Subject:</b> ").append(escape(message.getSubject()))
                        .append("<br><b>Date:</b> ").append(message.getSentDate())
                        .append("<pre>").append(linkify(escape(text(message)))).append("</pre></article>");
            } catch (MessagingException e) {
                html.append("<article>Unreadable mail: ").append(escape(e.getMessage())).append("</article>");
            }
        }
        return html.append("</body></html>").toString();
    }

    /** The decoded text of a plain-text mail. */
    public static String text(MimeMessage message) {
        try {
            Object content = message.getContent();
            return content instanceof String text ? text : GreenMailUtil.getBody(message);
        } catch (IOException | MessagingException e) {
            return GreenMailUtil.getBody(message);
        }
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String linkify(String text) {
        return text.replaceAll("(https?://\\S+)", "<a href=\"$1\">$1</a>");
    }

    @Override
    public String toString() {
        return "the mail inbox";
    }

    @Override
    public void close() {
        web.stop(0);
        greenMail.stop();
    }
}
