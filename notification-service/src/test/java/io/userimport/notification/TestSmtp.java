package io.userimport.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.springframework.test.context.DynamicPropertyRegistry;

/** One real SMTP server (GreenMail, any free port) for every test of this JVM, stopped when the JVM exits. */
public final class TestSmtp {

    private static final GreenMail SERVER = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    static {
        SERVER.start();
        Runtime.getRuntime().addShutdownHook(new Thread(SERVER::stop));
    }

    private TestSmtp() {
    }

    public static GreenMail server() {
        return SERVER;
    }

    /** Points {@code spring.mail.*} at the server; call from a {@code @DynamicPropertySource} method. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SERVER.getSmtp().getPort());
    }
}
