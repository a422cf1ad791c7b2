package io.userimport.problems.sample;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A service with one endpoint per kind of error, open to all, for {@code ProblemBodiesTests}. */
@SpringBootApplication
public class SampleApplication {

    public enum Colour { RED, GREEN }

    @Bean
    SecurityFilterChain open(HttpSecurity http) {
        return http.authorizeHttpRequests(rules -> rules.anyRequest().permitAll()).csrf(csrf -> csrf.disable()).build();
    }

    @RestController
    static class Things {

        @GetMapping("/things/{id}")
        String thing(@PathVariable UUID id) {
            return id.toString();
        }

        @GetMapping("/search")
        String search(@RequestParam String q, @RequestParam(defaultValue = "RED") Colour colour) {
            return q + colour;
        }

        @GetMapping("/boom")
        String boom() {
            throw new IllegalStateException("secret internals");
        }

        @GetMapping("/taken")
        void taken(HttpServletResponse response) throws IOException {
            response.sendError(409, "That name is taken.");
        }
    }
}
