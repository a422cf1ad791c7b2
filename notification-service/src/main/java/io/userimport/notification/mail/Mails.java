package io.userimport.notification.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Writes the service's emails: plain text from the templates under {@code mail/} (Thymeleaf, text
 * mode), each with a Message-ID fixed by what it is about, so that an email sent again is
 * recognisably the same one. Values from import files reach a template only through
 * {@link MailText}.
 */
@Component
public class Mails {

    /*
     * Jakarta Mail's stream provider named, so that it is found by name rather than by a service
     * lookup through the class path on every header and body encoded: that lookup took three
     * quarters of the time of sending a welcome email (jakartaee/mail-api#861). A provider the
     * deployment names is kept.
     */
    static {
        System.getProperties().putIfAbsent("jakarta.mail.util.StreamProvider",
                "org.eclipse.angus.mail.util.MailStreamProvider");
    }

    /** Spring Boot's SMTP sender: its session and server settings also serve {@link #sendEach}. */
    private final JavaMailSenderImpl sender;
    private final SpringTemplateEngine templates = new SpringTemplateEngine();

    public Mails(JavaMailSenderImpl sender) {
        this.sender = sender;
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("mail/");
        resolver.setSuffix(".txt");
        resolver.setTemplateMode(TemplateMode.TEXT);
        resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
        templates.setTemplateResolver(resolver);
    }

    /**
     * @param messageId the Message-ID without angle brackets, such as {@code report-<import>-1@user-import}
     */
    public MimeMessage write(String messageId, String from, String to, String subject, String template,
                             Map<String, Object> values) {
        try {
            Session session = sender.createMimeMessage().getSession();
            MimeMessage message = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", "<" + messageId + ">");
                }
            };
            message.setFrom(new InternetAddress(from));
            message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to));
            message.setSubject(MailText.line(subject, 200), StandardCharsets.UTF_8.name());
            message.setText(templates.process(template, new Context(null, values)), StandardCharsets.UTF_8.name());
            return message;
        } catch (MessagingException e) {
            throw new MailPreparationException("Could not write the " + template + " email to " + to, e);
        }
    }

    /**
     * Sends the messages over one SMTP connection, one by one, and tells {@code sent} about each
     * as soon as the server took it ({@code refused} about each it did not): a sender that dies
     * in the middle has lost track of at most the one message it was sending.
     */
    public void sendEach(List<MimeMessage> messages, Consumer<MimeMessage> sent,
                         BiConsumer<MimeMessage, Exception> refused) {
        Transport transport;
        try {
            Session session = sender.getSession();
            String protocol = sender.getProtocol() != null ? sender.getProtocol()
                    : session.getProperty("mail.transport.protocol") != null
                    ? session.getProperty("mail.transport.protocol") : "smtp";
            transport = session.getTransport(protocol);
            transport.connect(sender.getHost(), sender.getPort(), sender.getUsername(), sender.getPassword());
        } catch (MessagingException e) {
            messages.forEach(message -> refused.accept(message, e));
            return;
        }
        try {
            for (MimeMessage message : messages) {
                try {
                    message.setSentDate(new Date());
                    message.saveChanges(); // keeps the Message-ID this class gave it
                    transport.sendMessage(message, message.getAllRecipients());
                } catch (MessagingException e) {
                    refused.accept(message, e);
                    continue;
                }
                sent.accept(message);
            }
        } finally {
            try {
                transport.close();
            } catch (MessagingException e) {
                // every message was handed over or refused already
            }
        }
    }

    /** How long an email the SMTP server refused waits before its next attempt: longer after each one. */
    public static java.time.Duration backoff(int attempts) {
        return java.time.Duration.ofSeconds(5L * attempts * attempts);
    }

    public JavaMailSender sender() {
        return sender;
    }
}
