package io.userimport.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.http.HttpStatusCode;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.client.RestClient;

/**
 * The web page as an administrator uses it, in a real headless Chromium (Debian's chromium and
 * chromedriver): upload, review the findings, pick a mirror user, start, read the results,
 * retry. Saves a screenshot of each step under {@code target/screenshots}. Skipped, saying so,
 * where no Chromium is installed; {@code .ci/run} installs it.
 */
class WebPageBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static LocalStack stack;
    private RestClient rest;
    private WebDriver browser;
    private WebDriverWait wait;
    private Path profile;

    @BeforeAll
    static void startStack() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "No Chromium here: install Debian's chromium and chromium-driver to run the browser test");
        stack = SharedStack.get();
    }

    @BeforeEach
    void signInTheApiClient() {
        rest = RestClient.builder().defaultHeaders(headers -> headers.setBasicAuth("admin", stack.adminPassword()))
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
    }

    @BeforeEach
    void openBrowser() throws IOException {
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1100", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        FileSystemUtils.deleteRecursively(profile); // else every run leaves one behind
    }

    @Test
    void walksFromUploadThroughReviewAndMirrorUserToResultsAndRetriesAFailedRow() throws IOException {
        String s = UUID.randomUUID().toString().substring(0, 6);
        String worker = stack.url("import-worker");
        rest.post().uri(worker + "/api/groups").body(Map.of("name", "Crew" + s)).retrieve().toBodilessEntity();
        importReferenceUser(s);
        Path file = Files.writeString(Files.createTempFile("users-" + s, ".csv"), """
                login_id,email,first_name,last_name,groups
                new%1$s,new%1$s@example.com,Nia,New,
                admin,not-admin%1$s@example.com,Not,Admin,
                bad%1$s,not-an-email,Bad,Row,
                late%1$s,late%1$s@example.com,Lee,Late,Later%1$s
                """.formatted(s));

        browser.get(stack.url("ingest-service"));
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.name("username")).sendKeys("admin");
        browser.findElement(By.name("password")).sendKeys("wrong password");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("/login?error"));
        assertThat(browser.findElement(By.className("problem")).getText()).contains("password is wrong");
        browser.findElement(By.name("username")).sendKeys("admin");
        browser.findElement(By.name("password")).sendKeys(stack.adminPassword());
        screenshot("0-sign-in");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signed-in"), "admin"));
        browser.findElement(By.cssSelector("input[type=file]")).sendKeys(file.toString());
        browser.findElement(By.id("upload-button")).click();

        wait.until(ExpectedConditions.elementToBeClickable(By.id("review-continue")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("findings"), "not-an-email"));
        assertThat(browser.findElement(By.id("findings")).getText()).contains("3", "email",
                "Invalid email 'not-an-email'", "not-an-email");
        assertThat(browser.findElement(By.id("review-status")).getText()).contains("3 of 4 rows are ready",
                "1 flagged row will be skipped");
        assertThat(browser.findElement(By.id("review-counts")).getText()).contains("Rows: 4", "Ready: 3", "Flagged: 1");
        screenshot("1-review");
        browser.findElement(By.id("review-continue")).click();

        browser.findElement(By.id("mirror-search")).sendKeys("ref" + s);
        WebElement candidate = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("li.candidate")));
        candidate.click();
        assertThat(browser.findElement(By.id("mirror-chosen")).getText()).contains("Crew" + s, "ref" + s);
        screenshot("2-groups");
        browser.findElement(By.id("groups-start")).click();

        wait.until(ExpectedConditions.textToBe(By.id("results-status"), "COMPLETED"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("failures-more"), "of 3 failed rows"));
        screenshot("3-results");
        assertThat(browser.findElement(By.id("results-counts")).getText()).contains("Created: 1", "Failed: 3");
        assertThat(browser.findElement(By.id("failures")).getText()).contains("User already exists",
                "Invalid email 'not-an-email'", "Unknown group: Later" + s);
        assertThat(browser.findElement(By.id("failures-csv")).getAttribute("href")).endsWith("/failures.csv");
        assertThat(rest.get().uri(worker + "/api/users/new" + s).retrieve().body(String.class)).contains("Crew" + s);

        rest.post().uri(worker + "/api/groups").body(Map.of("name", "Later" + s)).retrieve().toBodilessEntity();
        browser.findElement(By.id("results-retry")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("results-detail"), "Attempt 2"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("results-counts"), "Created: 2"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("failures-more"), "Showing 2 of 2"));
        screenshot("4-retried");
        assertThat(browser.findElement(By.id("failures")).getText()).doesNotContain("Unknown group")
                .contains("User already exists");
    }

    @Test
    void followsARunningImportLiveWithItsRateTimeLeftAndAThroughputChart() throws IOException {
        String s = UUID.randomUUID().toString().substring(0, 6);
        StringBuilder csv = new StringBuilder("login_id,email\n");
        for (int i = 1; i <= 30_000; i++) {
            csv.append("live").append(s).append('-').append(i).append(",live").append(s).append('-').append(i)
                    .append("@example.com\n");
        }
        // signed in first, so that the page is open while the rows are still being applied
        browser.get(stack.url("ingest-service") + "/");
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.name("username")).sendKeys("admin");
        browser.findElement(By.name("password")).sendKeys(stack.adminPassword());
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
        String id = new AdminApi(stack).start("live.csv", csv.toString());
        browser.get(stack.url("ingest-service") + "/?job=" + id);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("throughput-label"), "Outcomes per second: now"));
        wait.until(driver -> driver.findElement(By.cssSelector("#throughput polyline")).getAttribute("points")
                .split(" ").length >= 3 || driver.findElement(By.id("results-status")).getText().equals("COMPLETED"));
        screenshot("5-live-progress");
        String detail = browser.findElement(By.id("finish-detail")).getAttribute("textContent");
        wait.until(ExpectedConditions.textToBe(By.id("results-status"), "COMPLETED"));
        assertThat(detail).contains(" of 30,000 rows");
        assertThat(browser.findElement(By.id("results-counts")).getText()).contains("Created: 30,000");
    }

    @Test
    void pagesThroughTheImportsSayingHowManyThereAre() throws IOException {
        String s = UUID.randomUUID().toString().substring(0, 6);
        AdminApi api = new AdminApi(stack);
        for (int i = 1; i <= 21; i++) {
            api.start("page-" + s + "-" + i + ".csv", "login_id,email\n");
        }

        browser.get(stack.url("ingest-service") + "/");
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.name("username")).sendKeys("admin");
        browser.findElement(By.name("password")).sendKeys(stack.adminPassword());
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("jobs-pages"), "Imports 1 to 20 of "));
        String pages = browser.findElement(By.id("jobs-pages")).getText();
        int total = Integer.parseInt(pages.replaceAll(".* of ([0-9,]+), newest first.*", "$1").replace(",", ""));
        assertThat(total).isGreaterThanOrEqualTo(21);
        assertThat(browser.findElements(By.cssSelector("#jobs tr"))).hasSize(20);
        assertThat(browser.findElement(By.id("jobs")).getText()).contains("page-" + s + "-21.csv")
                .doesNotContain("page-" + s + "-1.csv");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()",
                browser.findElement(By.id("jobs-pages")));
        screenshot("6-imports-paged");

        browser.findElement(By.xpath("//p[@id='jobs-pages']/button[text()='Older']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("jobs-pages"), "Imports 21 to "));
        assertThat(browser.findElement(By.id("jobs-pages")).getText())
                .contains("Imports 21 to " + Math.min(40, total) + " of " + String.format(java.util.Locale.US, "%,d", total), "Newer");
        assertThat(browser.findElement(By.id("jobs")).getText()).contains("page-" + s + "-1.csv");
    }

    private void importReferenceUser(String s) {
        org.springframework.util.LinkedMultiValueMap<String, Object> form = new org.springframework.util.LinkedMultiValueMap<>();
        form.add("file", new org.springframework.core.io.ByteArrayResource(
                "login_id,email,first_name,last_name,groups\nref%1$s,ref%1$s@example.com,Rae,Reference,Crew%1$s\n"
                        .formatted(s).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "reference.csv";
            }
        });
        rest.post().uri(stack.url("ingest-service") + "/api/imports")
                .contentType(org.springframework.http.MediaType.MULTIPART_FORM_DATA).body(form).retrieve()
                .toBodilessEntity();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> rest.get()
                .uri(stack.url("import-worker") + "/api/users/ref" + s).retrieve().toBodilessEntity()
                .getStatusCode().value() == 200);
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
