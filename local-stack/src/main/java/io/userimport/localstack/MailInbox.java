package io.userimport.localstack;

import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A local SMTP server (GreenMail) that keeps every mail it receives as a {@code .eml} file in a
 * directory, so a restart of the local run keeps them, and serves them on a web page and by the
 * part of Mailpit's HTTP API that scripts use ({@link InboxHttp}): the same script reads welcome
 * links here and from the deployment's Mailpit. Only each mail's summary is held in memory.
 */
public final class MailInbox implements AutoCloseable {

    private static final Session SESSION = Session.getInstance(new Properties());

    /** A kept mail's summary, and the file of its whole message. */
    public record Mail(String id, String messageId, Instant created, InternetAddress from, List<InternetAddress> to,
                       String subject, String snippet, long size, Path file) {
    }

    private final Path directory;
    /** Oldest first; guarded by this inbox (a copy-on-write list would copy it whole for each mail received). */
    private final List<Mail> mails = new ArrayList<>();
    private final GreenMail greenMail;
    private InboxHttp web;

    private MailInbox(Path directory, int smtpPort) {
        this.directory = directory;
        this.greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    /**
     * Starts the inbox on the mails kept in {@code directory} (made if missing).
     *
     * @param smtpPort the SMTP port, or 0 for any free port
     * @param webPort  the port of the page and the API, or 0 for any free port
     */
    public static MailInbox start(int smtpPort, int webPort, Path directory) {
        // Jakarta Mail's stream provider by name, not looked up on the class path for every message
        // received (jakartaee/mail-api#861), as the notification service does when sending
        System.getProperties().putIfAbsent("jakarta.mail.util.StreamProvider",
                "org.eclipse.angus.mail.util.MailStreamProvider");
        MailInbox inbox = new MailInbox(directory, smtpPort);
        inbox.load();
        inbox.greenMail.start();
        inbox.greenMail.getUserManager().setMessageDeliveryHandler((message, address) -> {
            if (address.equals(message.getToAddresses().iterator().next())) { // once per mail, not per recipient
                inbox.keep(message);
            }
            return DISCARD; // kept on disk above, not again in GreenMail's memory
        });
        try {
            inbox.web = InboxHttp.start(inbox, webPort);
        } catch (IOException e) {
            inbox.greenMail.stop();
            throw new UncheckedIOException("Could not start the inbox page on port " + webPort, e);
        }
        return inbox;
    }

    private synchronized void load() {
        try {
            Files.createDirectories(directory);
            try (Stream<Path> files = Files.list(directory)) {
                files.filter(file -> file.getFileName().toString().endsWith(".eml")).sorted().forEach(file -> {
                    String name = file.getFileName().toString();
                    int dash = name.indexOf('-');
                    try (InputStream in = Files.newInputStream(file)) {
                        mails.add(summary(name.substring(dash + 1, name.length() - 4),
                                Instant.ofEpochMilli(Long.parseLong(name.substring(0, dash))), new MimeMessage(SESSION, in),
                                Files.size(file), file));
                    } catch (IOException | MessagingException | RuntimeException e) {
                        throw new IllegalStateException("Unreadable mail " + file + ": " + e.getMessage(), e);
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the kept mails in " + directory, e);
        }
    }

    private synchronized void keep(MovingMessage moving) {
        try {
            MimeMessage message = moving.getMessage();
            Instant created = Instant.now();
            String id = newId();
            Path file = directory.resolve("%013d-%s.eml".formatted(created.toEpochMilli(), id));
            try (OutputStream out = Files.newOutputStream(file)) {
                message.writeTo(out);
            }
            mails.add(summary(id, created, message, Files.size(file), file));
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("Could not keep a mail in " + directory, e);
        }
    }

    private static Mail summary(String id, Instant created, MimeMessage message, long size, Path file)
            throws MessagingException {
        Address[] from = message.getFrom();
        Address[] to = message.getRecipients(Message.RecipientType.TO);
        String text = text(message).strip().replaceAll("\\s+", " ");
        return new Mail(id, Optional.ofNullable(message.getMessageID()).orElse("").replaceAll("^<|>$", ""), created,
                from == null || from.length == 0 ? null : (InternetAddress) from[0],
                to == null ? List.of() : Arrays.stream(to).map(InternetAddress.class::cast).toList(),
                Optional.ofNullable(message.getSubject()).orElse(""), text.substring(0, Math.min(250, text.length())),
                size, file);
    }

    /** A Mailpit-like id: 22 letters and digits. */
    private static String newId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 22; i++) {
            id.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return id.toString();
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    public int webPort() {
        return web.port();
    }

    /** The kept mails' summaries, oldest first. */
    public synchronized List<Mail> mails() {
        return List.copyOf(mails);
    }

    /** A kept mail's whole message. */
    public MimeMessage read(Mail mail) {
        try (InputStream in = Files.newInputStream(mail.file())) {
            return new MimeMessage(SESSION, in);
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("Unreadable mail " + mail.file(), e);
        }
    }

    /** Deletes these mails, or all of them when {@code ids} is empty; answers how many went. */
    public synchronized int delete(List<String> ids) {
        // by a set, and removed in one pass: a million mails deleted at once stays linear
        Set<String> wanted = new HashSet<>(ids);
        Predicate<Mail> going = mail -> wanted.isEmpty() || wanted.contains(mail.id());
        int before = mails.size();
        for (Mail mail : mails) {
            if (going.test(mail)) {
                try {
                    Files.deleteIfExists(mail.file());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        mails.removeIf(going);
        return before - mails.size();
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

    @Override
    public String toString() {
        return "the mail inbox";
    }

    @Override
    public void close() {
        if (web != null) {
            web.stop();
        }
        greenMail.stop();
    }

    /** The recipient GreenMail delivers to once a mail is kept: it keeps nothing more. */
    private static final GreenMailUser DISCARD = new GreenMailUser() {
        @Override
        public String getEmail() {
            return "discard@localhost";
        }

        @Override
        public String getLogin() {
            return "discard";
        }

        @Override
        public void deliver(MovingMessage msg) {
        }

        @Override
        public void deliver(MimeMessage msg) {
        }

        @Override
        public void create() {
        }

        @Override
        public void delete() {
        }

        @Override
        public String getPassword() {
            return "";
        }

        @Override
        public void setPassword(String password) {
        }

        @Override
        public void authenticate(String password) {
        }

        @Override
        public String getQualifiedMailboxName() {
            return "discard";
        }
    };
}
