package io.userimport.security;

import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** HTTP to the import worker, which owns the directory: its address, and timeouts that keep a caller from hanging. */
public final class DirectoryHttp {

    private DirectoryHttp() {
    }

    public static RestClient.Builder builder(SecurityProperties properties) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        requests.setReadTimeout(Duration.ofSeconds(10));
        return RestClient.builder().baseUrl(properties.directoryUrl().toString()).requestFactory(requests);
    }
}
