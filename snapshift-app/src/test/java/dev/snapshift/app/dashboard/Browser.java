package dev.snapshift.app.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real headless Chromium (Debian {@code chromium} + {@code chromium-driver}, installed by
 * bin/prerequisites) driven by Selenium, with a fresh profile; both paths are given so that
 * Selenium Manager never goes to the network.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final WebDriver driver;
    private final ChromeDriverService service;
    private final Path profile;

    private Browser(WebDriver driver, ChromeDriverService service, Path profile) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
    }

    static Browser start() throws IOException {
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException(
                        p
                                + " is missing: run bin/prerequisites (Debian packages chromium and chromium-driver)");
            }
        }
        Path profile = Files.createTempDirectory("snapshift-chromium");
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(CHROMEDRIVER.toFile())
                        .usingAnyFreePort()
                        .build();
        ChromeOptions options =
                new ChromeOptions()
                        .setBinary(CHROMIUM.toFile())
                        .addArguments(
                                "--headless=new",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-dev-shm-usage",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--no-first-run",
                                "--window-size=1280,1400",
                                "--user-data-dir=" + profile);
        try {
            return new Browser(new ChromeDriver(service, options), service, profile);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    void open(String url) {
        driver.get(url);
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /**
     * The text of every element matching {@code css}, read in one script: the page re-renders twice
     * a second, so element references go stale between two WebDriver calls.
     */
    @SuppressWarnings("unchecked")
    List<String> texts(String css) {
        return (List<String>)
                ((JavascriptExecutor) driver)
                        .executeScript(
                                "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent);",
                                css);
    }

    /** The text of the first element matching {@code css}, or null. */
    String textOf(String css) {
        List<String> all = texts(css);
        return all.isEmpty() ? null : all.get(0);
    }

    /** Waits up to 60 s for the condition to be true (or non-null), re-checking every 100 ms. */
    <T> T await(String what, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(100))
                    .withMessage(what)
                    .ignoring(StaleElementReferenceException.class)
                    .until(condition);
        } catch (TimeoutException e) {
            String page =
                    String.valueOf(
                            ((JavascriptExecutor) driver)
                                    .executeScript("return document.body.innerText;"));
            throw new AssertionError(
                    "waited 60 s for "
                            + what
                            + "; the page shows:\n"
                            + (page.length() > 4000 ? page.substring(0, 4000) + "..." : page),
                    e);
        }
    }

    /** Clicks the element, finding it again if a re-render replaced it meanwhile. */
    void click(String css) {
        await(
                "click " + css,
                d -> {
                    d.findElement(By.cssSelector(css)).click();
                    return true;
                });
    }

    void type(String id, String value) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(
                shot.toPath(),
                SCREENSHOTS.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp directory left behind
            }
        }
    }
}
