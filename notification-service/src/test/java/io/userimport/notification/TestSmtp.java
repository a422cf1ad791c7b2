package io.userimport.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import io.userimport.security.TestAccounts;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * One real SMTP server (GreenMail, any free port) for every test of this JVM, stopped when the JVM
 * exits, and the accounts the tests sign in with.
 */
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

    /** The directory's accounts, for tests of this service without the directory (see {@link TestAccounts}). */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Accounts {

        @Bean
        @Primary
        TestAccounts testAccounts() {
            return new TestAccounts();
        }
    }

    /** Points {@code spring.mail.*} at the server; call from a {@code @DynamicPropertySource} method. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SERVER.getSmtp().getPort());
    }
}
